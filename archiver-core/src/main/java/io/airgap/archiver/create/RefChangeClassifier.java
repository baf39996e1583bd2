package io.airgap.archiver.create;

import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/** Classifies each ref's change since the base: added, fast-forwarded, rewritten or deleted. */
public final class RefChangeClassifier {
  private RefChangeClassifier() {}

  public static Manifest.RefChanges classify(Repository repo, Map<String, String> base, Map<String, String> now)
      throws IOException {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> rewritten = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(base.keySet());
    names.addAll(now.keySet());
    try (RevWalk walk = new RevWalk(repo)) {
      for (String ref : names) {
        String before = base.get(ref);
        String after = now.get(ref);
        if (before == null) {
          added.add(ref);
        } else if (after == null) {
          deleted.add(ref);
        } else if (!before.equals(after)) {
          (isFastForward(walk, before, after) ? updated : rewritten).add(ref);
        }
      }
    }
    return new Manifest.RefChanges(added, updated, rewritten, deleted);
  }

  private static boolean isFastForward(RevWalk walk, String before, String after) throws IOException {
    try {
      RevObject a = walk.parseAny(ObjectId.fromString(before));
      RevObject b = walk.parseAny(ObjectId.fromString(after));
      return a instanceof RevCommit old && b instanceof RevCommit young && walk.isMergedInto(old, young);
    } finally {
      walk.reset();
    }
  }
}
