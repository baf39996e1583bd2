package io.airgap.archiver.lfs;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Picks the LFS server of a source as git-lfs would: {@code --lfs-url}, else {@code lfs.url} from
 * {@code .lfsconfig} in the default branch, else (local sources) the repository's own {@code lfs.url},
 * {@code remote.origin.lfsurl} or origin's URL, else the source URL with {@code .git/info/lfs}.
 * {@code .lfsconfig} is the repository's word: only an http(s) URL is taken from it, never a local
 * path, and the source's credentials go to it only on their own origin (see {@code RemoteAccess}).
 */
final class LfsSourceEndpoint {
  private LfsSourceEndpoint() {}

  /** The endpoint to download from, or {@code null} when a local source names none. */
  static LfsEndpoint resolve(GitRemote source, Repository mirror, String headId, String override,
      ProgressListener progress) throws InvalidRequestException, IOException {
    if (override != null) {
      return LfsEndpoint.parse(override, "--lfs-url");
    }
    String fromFile = headId == null ? null : lfsConfigUrl(mirror, headId);
    if (fromFile != null && !fromFile.strip().matches("(?i)https?://.*")) {
      // the repository may not point this machine at its own folders (another repository's LFS store)
      progress.warn(".lfsconfig names lfs.url '" + Redaction.url(fromFile.strip()) + "', which is not an"
          + " http(s) URL; it is ignored (a repository may not name local paths). Pass --lfs-url to choose the"
          + " LFS server yourself");
    } else if (fromFile != null) {
      return LfsEndpoint.parse(fromFile, ".lfsconfig");
    }
    if (source.localPath() == null) {
      return LfsEndpoint.forRemote(source);
    }
    return fromLocalConfig(source.localPath());
  }

  private static String lfsConfigUrl(Repository repo, String commitId) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      var tree = walk.parseCommit(ObjectId.fromString(commitId)).getTree();
      try (TreeWalk tw = TreeWalk.forPath(repo, ".lfsconfig", tree)) {
        if (tw == null) {
          return null;
        }
        Config config = new Config();
        config.fromText(new String(repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(1 << 20),
            StandardCharsets.UTF_8));
        return config.getString("lfs", null, "url");
      } catch (ConfigInvalidException e) {
        return null; // git-lfs ignores an unreadable .lfsconfig as well
      }
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return null; // the default branch points at a tag of a non-commit
    }
  }

  private static LfsEndpoint fromLocalConfig(Path worktreeOrBare) throws InvalidRequestException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(worktreeOrBare.toFile());
    if (builder.getGitDir() == null) {
      builder.setGitDir(worktreeOrBare.toFile());
    }
    try (Repository local = builder.setMustExist(true).build()) {
      Config config = local.getConfig();
      String url = config.getString("lfs", null, "url");
      if (url == null) {
        url = config.getString("remote", "origin", "lfsurl");
      }
      if (url != null) {
        return LfsEndpoint.parse(url, "the source's git config");
      }
      String origin = config.getString("remote", "origin", "url");
      if (origin == null) {
        return null;
      }
      if (!origin.contains("://") && !origin.matches("^[^/]+:.*")) {
        return LfsEndpoint.local(worktreeOrBare.resolve(origin).normalize());
      }
      return LfsEndpoint.forRemote(GitRemote.parse(origin));
    } catch (IOException e) {
      return null;
    }
  }
}
