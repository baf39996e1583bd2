package io.airgap.archiver.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The new commits (reachable from the archive's refs, not from what the receiver holds) and, for
 * each, every ref that reaches it. One walk in topological order (children before parents) carries
 * a set of ref numbers from each commit to its parents, so the whole costs one pass over the new
 * commits plus the sets' bits — not one walk per ref. A new commit can only be reached through new
 * commits (a held commit's ancestors are all held), so following new commits alone is exact. The
 * sets of commits already passed on are dropped: memory follows the walk's frontier, not the history.
 */
final class RefReach {
  /** The new commits in topological order, and per ref (by name) how many it reaches and the first of them. */
  record Result(List<Review.CommitEntry> commits, Map<String, Integer> counts, Map<String, List<String>> listed) {}

  private RefReach() {}

  /**
   * @param refs the archive's refs (name to object id); refs naming a tree or a blob reach no commit
   * @param assumed commits the receiver holds; those this repository lacks, or that are no commit, are ignored
   */
  static Result walk(Repository repo, SortedMap<String, String> refs, Set<String> assumed, int refsListed,
      int commitsListed) throws IOException {
    String[] names = refs.keySet().toArray(String[]::new);
    int[] counts = new int[names.length];
    List<List<String>> listed = new ArrayList<>();
    List<Review.CommitEntry> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.sort(RevSort.TOPO);
      Map<RevCommit, BitSet> pending = new HashMap<>(); // ref numbers reaching a commit not yet walked
      for (int i = 0; i < names.length; i++) {
        listed.add(new ArrayList<>());
        RevObject tip = peeled(walk, names[i], refs.get(names[i]));
        if (tip instanceof RevCommit c) {
          pending.computeIfAbsent(c, k -> new BitSet()).set(i);
          walk.markStart(c);
        }
      }
      for (String id : assumed) {
        RevCommit c = commitOrNull(walk, id);
        if (c != null) {
          walk.markUninteresting(c);
        }
      }
      for (RevCommit c; (c = walk.next()) != null; ) {
        BitSet reaching = pending.remove(c);
        if (reaching == null) {
          reaching = new BitSet(); // cannot happen for a walked commit: every one is a tip or a walked child's parent
        }
        List<String> refNames = new ArrayList<>(Math.min(reaching.cardinality(), refsListed));
        for (int i = reaching.nextSetBit(0); i >= 0; i = reaching.nextSetBit(i + 1)) {
          counts[i]++;
          if (refNames.size() < refsListed) {
            refNames.add(names[i]);
          }
          if (listed.get(i).size() < commitsListed) {
            listed.get(i).add(c.name());
          }
        }
        commits.add(new Review.CommitEntry(c.name(), refNames.isEmpty() ? null : refNames.get(0), refNames,
            reaching.cardinality(), c.getAuthorIdent().getName(), c.getAuthorIdent().getEmailAddress(),
            c.getAuthorIdent().getWhenAsInstant().toString(), c.getShortMessage(), c.getRawGpgSignature() != null,
            c.getParentCount()));
        boolean handedOn = false;
        for (RevCommit parent : c.getParents()) {
          if (parent.has(RevFlag.UNINTERESTING)) {
            continue; // held: never walked, so nothing is to be carried there
          }
          BitSet theirs = pending.get(parent);
          if (theirs != null) {
            theirs.or(reaching);
          } else if (!handedOn) {
            pending.put(parent, reaching); // this commit is done with its set: the first parent takes it as is
            handedOn = true;
          } else {
            pending.put(parent, (BitSet) reaching.clone());
          }
        }
      }
    }
    Map<String, Integer> byRef = new HashMap<>();
    Map<String, List<String>> listedByRef = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      byRef.put(names[i], counts[i]);
      listedByRef.put(names[i], List.copyOf(listed.get(i)));
    }
    return new Result(commits, byRef, listedByRef);
  }

  /** The object a ref names, through annotated tags of any depth; one that cannot be read fails, naming the ref. */
  private static RevObject peeled(RevWalk walk, String ref, String id) throws IOException {
    try {
      return walk.peel(walk.parseAny(ObjectId.fromString(id)));
    } catch (IllegalArgumentException e) {
      throw new IOException(ref + " names '" + id + "', which is not an object id", e);
    } catch (IOException e) {
      throw new IOException(ref + " at " + id + ": " + e.getMessage(), e);
    }
  }

  private static RevCommit commitOrNull(RevWalk walk, String id) throws IOException {
    try {
      RevObject o = walk.peel(walk.parseAny(ObjectId.fromString(id)));
      return o instanceof RevCommit c ? c : null;
    } catch (MissingObjectException | IllegalArgumentException e) {
      return null;
    }
  }
}
