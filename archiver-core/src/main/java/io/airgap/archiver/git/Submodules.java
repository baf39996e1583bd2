package io.airgap.archiver.git;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Origin;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The submodules the archived ref tips name in {@code .gitmodules}, with relative URLs resolved
 * against the superproject's URL, so {@code create --recurse-submodules} can archive them too.
 * {@code .gitmodules} is the repository's word: a URL that resolves to a local path or {@code file://}
 * (also {@code ../other} beside a local source) is refused with a warning and left out, so a
 * repository cannot make this machine archive another local repository. The archive goes on without
 * it: the superproject's archive is whole by itself, and the operator who wants that repository
 * archives it by naming it ({@code --source} or {@code --sources-file}).
 */
public final class Submodules {
  /** One submodule: where it sits in the tree and the repository it comes from (credentials stripped). */
  public record Submodule(String path, String url) {}

  private Submodules() {}

  /** Every distinct (path, URL) pair across the tips, in first-seen order; unreadable files are skipped. */
  public static List<Submodule> atTips(Repository repo, Collection<String> tips, String superUrl,
      ProgressListener progress) throws IOException {
    Map<String, Submodule> found = new LinkedHashMap<>();
    Set<String> refused = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (String tip : tips) {
        RevCommit commit;
        try {
          commit = walk.parseCommit(ObjectId.fromString(tip));
        } catch (IOException | IllegalArgumentException e) {
          continue; // a tag of a tree or blob has no .gitmodules
        }
        try (TreeWalk tw = TreeWalk.forPath(repo, ".gitmodules", commit.getTree())) {
          if (tw == null) {
            continue;
          }
          Config config = new Config();
          try {
            config.fromText(new String(repo.open(tw.getObjectId(0)).getBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8));
          } catch (ConfigInvalidException e) {
            continue;
          }
          for (String name : config.getSubsections("submodule")) {
            String path = config.getString("submodule", name, "path");
            String url = config.getString("submodule", name, "url");
            if (path != null && url != null) {
              String resolved = resolve(superUrl, url.strip()).replaceFirst("://[^/@]*@", "://");
              if (!namesServer(resolved)) {
                if (refused.add(resolved)) {
                  progress.warn("submodule '" + path + "': .gitmodules names the local repository '" + resolved
                      + "'; it is not archived (a repository may not name local paths or file:// URLs). To archive"
                      + " it, name it yourself with --source or in --sources-file");
                }
                continue;
              }
              found.putIfAbsent(path + "\n" + resolved, new Submodule(path, resolved));
            }
          }
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** A URL of a server (http(s), ssh, git, scp-style), not a path or {@code file:} URL on this machine. */
  static boolean namesServer(String url) {
    if (Origin.of(url) == null) {
      return false;
    }
    try {
      return GitRemote.parse(url).localPath() == null;
    } catch (InvalidRequestException e) {
      return true; // not a local path; archiving it fails later with the parser's own message
    }
  }

  /** Resolves {@code ./x} and {@code ../x} against the superproject's URL, as {@code git submodule} does. */
  static String resolve(String superUrl, String url) {
    if (!url.startsWith("./") && !url.startsWith("../")) {
      return url;
    }
    String base = superUrl.replaceFirst("/+$", "");
    String rest = url;
    while (true) {
      if (rest.startsWith("./")) {
        rest = rest.substring(2);
      } else if (rest.startsWith("../")) {
        rest = rest.substring(3);
        int slash = base.lastIndexOf('/');
        base = slash < 0 ? base : base.substring(0, slash);
      } else {
        break;
      }
    }
    return base + "/" + rest;
  }
}
