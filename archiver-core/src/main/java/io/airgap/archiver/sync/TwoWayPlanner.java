package io.airgap.archiver.sync;

import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.ConflictPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;

/**
 * The three-way decision of a bidirectional sync, ref by ref, against each ref's last synced value:
 * a ref changed on one side only goes to the other (creations, moves, deletions); changed on both
 * sides it is a conflict unless one value descends from the other or the policy picks a side. Tags
 * never move once both sides have them.
 */
final class TwoWayPlanner {
  /** Whether commit {@code older} is an ancestor of {@code newer} (false when either is unknown). */
  @FunctionalInterface
  interface Ancestry {
    boolean isAncestor(String older, String newer);
  }

  /**
   * What to change on each side. {@code toB} actions carry B's value as the target value and A's as the
   * new one; {@code toA} the reverse.
   */
  record Plan(List<RefChange> toA, List<RefChange> toB, List<Conflict> conflicts, List<String> keptTags) {}

  /** A ref changed differently on both sides. */
  record Conflict(String ref, String a, String b) {}

  private final Ancestry ancestry;

  TwoWayPlanner(Ancestry ancestry) {
    this.ancestry = ancestry;
  }

  Plan plan(Map<String, String> a, Map<String, String> b, Map<String, String> last, ConflictPolicy policy) {
    SortedSet<String> refs = new TreeSet<>(a.keySet());
    refs.addAll(b.keySet());
    List<RefChange> toA = new ArrayList<>();
    List<RefChange> toB = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<String> keptTags = new ArrayList<>();
    for (String ref : refs) {
      String av = a.get(ref);
      String bv = b.get(ref);
      String sv = last.get(ref);
      if (Objects.equals(av, bv)) {
        continue;
      }
      if (ref.startsWith(Constants.R_TAGS) && av != null && bv != null) {
        keptTags.add(ref);
        continue;
      }
      boolean changedA = !Objects.equals(av, sv);
      boolean changedB = !Objects.equals(bv, sv);
      if (changedA && !changedB) {
        toB.add(action(ref, bv, av));
      } else if (changedB && !changedA) {
        toA.add(action(ref, av, bv));
      } else if (av != null && bv != null && ancestry.isAncestor(bv, av)) {
        toB.add(action(ref, bv, av));
      } else if (av != null && bv != null && ancestry.isAncestor(av, bv)) {
        toA.add(action(ref, av, bv));
      } else {
        switch (policy) {
          case FAIL -> conflicts.add(new Conflict(ref, av, bv));
          case SOURCE_WINS -> toB.add(forced(ref, bv, av));
          case TARGET_WINS -> toA.add(forced(ref, av, bv));
        }
      }
    }
    return new Plan(toA, toB, conflicts, keptTags);
  }

  /** Moving {@code ref} from {@code have} to {@code want} on one side: create, fast-forward, force or delete. */
  private RefChange action(String ref, String have, String want) {
    if (want == null) {
      return new RefChange(ref, have, null, RefChange.Kind.DELETE);
    }
    if (have == null) {
      return new RefChange(ref, null, want, RefChange.Kind.CREATE);
    }
    return new RefChange(ref, have, want, ancestry.isAncestor(have, want) ? RefChange.Kind.FAST_FORWARD
        : RefChange.Kind.FORCE);
  }

  private RefChange forced(String ref, String have, String want) {
    RefChange action = action(ref, have, want);
    return action.kind() == RefChange.Kind.FAST_FORWARD ? action
        : new RefChange(ref, have, want, want == null ? RefChange.Kind.DELETE : have == null ? RefChange.Kind.CREATE
            : RefChange.Kind.FORCE);
  }
}
