package io.airgap.archiver.create;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.SourceState;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A source's stable id: its default branch's root commit, which survives server moves and renames,
 * remembered in the cache so it is computed once.
 */
public final class SourceIdentity {
  private static final String SECTION = "airgap";
  private static final String KEY = "sourceId";

  private SourceIdentity() {}

  /** The source's stable id, from its default branch (or its first ref) root commit. */
  public static String of(SourceState state) throws OperationFailedException {
    String start = state.head() != null ? state.refs().get(state.head()) : state.refs().values().iterator().next();
    try {
      return of(state.cache(), start);
    } catch (IOException e) {
      throw new OperationFailedException("could not identify the source: " + e.getMessage(), e);
    }
  }

  /** The id an earlier run recorded in a cache folder, read without changing anything. */
  public static java.util.Optional<String> recorded(java.nio.file.Path cacheRepoDir) {
    if (!java.nio.file.Files.exists(cacheRepoDir.resolve("config"))) {
      return java.util.Optional.empty();
    }
    try (Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
        .setGitDir(cacheRepoDir.toFile()).setMustExist(true).build()) {
      return java.util.Optional.ofNullable(repo.getConfig().getString(SECTION, null, KEY));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static String of(Repository cache, String startId) throws IOException {
    StoredConfig config = cache.getConfig();
    String known = config.getString(SECTION, null, KEY);
    if (known != null) {
      return known;
    }
    String root = null;
    try (RevWalk walk = new RevWalk(cache)) {
      walk.setRetainBody(false);
      if (!(walk.parseAny(ObjectId.fromString(startId)) instanceof RevCommit start)) {
        return null;
      }
      walk.markStart(start);
      for (RevCommit c : walk) {
        if (c.getParentCount() == 0 && (root == null || c.name().compareTo(root) < 0)) {
          root = c.name();
        }
      }
    }
    String id = "git-root-" + root;
    config.setString(SECTION, null, KEY, id);
    config.save();
    return id;
  }
}
