package io.airgap.archiver.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import io.airgap.archiver.base.RefChange;

/**
 * Decides, ref by ref, what a push must do to bring the target to the archived state. A target
 * value is a fast-forward only when it is a commit the workspace holds and is an ancestor of the
 * archived commit; tags never move without the policy saying so.
 */
public final class PushPlanner {
  private final Repository workspace;

  public PushPlanner(Repository workspace) {
    this.workspace = workspace;
  }

  public List<RefChange> plan(SortedMap<String, String> archived, Map<String, String> target,
      ConflictPolicy policy, boolean prune) throws IOException {
    List<RefChange> actions = new ArrayList<>();
    try (RevWalk walk = new RevWalk(workspace)) {
      for (var e : archived.entrySet()) {
        String ref = e.getKey();
        String want = e.getValue();
        String have = target.get(ref);
        RefChange.Kind kind;
        if (have == null) {
          kind = RefChange.Kind.CREATE;
        } else if (have.equals(want)) {
          kind = RefChange.Kind.UNCHANGED;
        } else if (!ref.startsWith(Constants.R_TAGS) && isAncestor(walk, have, want)) {
          kind = RefChange.Kind.FAST_FORWARD;
        } else {
          kind = switch (policy) {
            case FAIL -> RefChange.Kind.CONFLICT;
            case SOURCE_WINS -> RefChange.Kind.FORCE;
            case TARGET_WINS -> RefChange.Kind.KEEP_TARGET;
          };
        }
        actions.add(new RefChange(ref, have, want, kind));
      }
    }
    Set<String> namespaces = namespaces(archived.keySet());
    for (var e : new TreeMap<>(target).entrySet()) {
      String ref = e.getKey();
      if (!archived.containsKey(ref) && ref.startsWith(Constants.R_REFS) && namespaces.contains(namespace(ref))) {
        actions.add(new RefChange(ref, e.getValue(), null, prune ? RefChange.Kind.DELETE : RefChange.Kind.KEEP_EXTRA));
      }
    }
    return actions;
  }

  private static boolean isAncestor(RevWalk walk, String older, String newer) throws IOException {
    try {
      RevObject a = walk.parseAny(ObjectId.fromString(older));
      RevObject b = walk.parseAny(ObjectId.fromString(newer));
      if (!(a instanceof RevCommit oldCommit) || !(b instanceof RevCommit newCommit)) {
        return false;
      }
      return walk.isMergedInto(oldCommit, newCommit);
    } catch (MissingObjectException e) {
      // the target holds history the archive does not: not a fast-forward
      return false;
    } finally {
      walk.reset();
    }
  }

  /** Branches, tags and notes always; other namespaces only when the archive carries refs there. */
  private static Set<String> namespaces(Set<String> archivedRefs) {
    Set<String> result = new TreeSet<>(Set.of("refs/heads/", "refs/tags/", "refs/notes/"));
    archivedRefs.forEach(r -> result.add(namespace(r)));
    return result;
  }

  private static String namespace(String ref) {
    int second = ref.indexOf('/', Constants.R_REFS.length());
    return second < 0 ? ref : ref.substring(0, second + 1);
  }
}
