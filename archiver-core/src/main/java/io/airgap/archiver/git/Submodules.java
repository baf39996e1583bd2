package io.airgap.archiver.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class Submodules {
  /** One submodule: where it sits in the tree and the repository it comes from (credentials stripped). */
  public record Submodule(String path, String url) {}

  private Submodules() {}

  /** Every distinct (path, URL) pair across the tips, in first-seen order; unreadable files are skipped. */
  public static List<Submodule> atTips(Repository repo, Collection<String> tips, String superUrl) throws IOException {
    Map<String, Submodule> found = new LinkedHashMap<>();
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
              String resolved = resolve(superUrl, url).replaceFirst("://[^/@]*@", "://");
              found.putIfAbsent(path + "\n" + resolved, new Submodule(path, resolved));
            }
          }
        }
      }
    }
    return new ArrayList<>(found.values());
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
