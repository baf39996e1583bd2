package io.airgap.archiver.policy;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The blobs under refs that name a tree or a blob, not a commit ({@code git tag snap <tree>}, an
 * annotated tag of a tag of a blob): no commit introduces them, yet the bundle carries them. A blob
 * tagged directly has no path; one under a tagged tree has its path inside that tree. What the
 * receiver holds is left out: objects a held ref names, and the trees of held commits (not their
 * whole history: a tagged tree sharing a file with an older commit only names it once more).
 */
final class TaggedContent {
  private TaggedContent() {}

  /** Adds the uses to {@code out}, each named by the first ref (in the map's order) that reaches it. */
  static void uses(Repository repo, Map<String, RevObject> tips, Set<String> held, Map<String, HistoryWalk.BlobUse> out)
      throws IOException {
    if (tips.isEmpty()) {
      return;
    }
    Set<ObjectId> fresh = fresh(repo, tips.values(), held);
    try (ObjectReader reader = repo.newObjectReader()) {
      for (Map.Entry<String, RevObject> tip : tips.entrySet()) {
        ObjectId id = tip.getValue().copy();
        if (!fresh.contains(id)) {
          continue;
        }
        if (tip.getValue().getType() == Constants.OBJ_BLOB) {
          out.putIfAbsent(HistoryWalk.key(id, null), new HistoryWalk.BlobUse(null, id.name(), null, tip.getKey()));
        } else {
          underTree(reader, id, tip.getKey(), fresh, out);
        }
      }
    }
  }

  /** Every fresh blob under a tree, entering only fresh subtrees (the others the receiver holds whole). */
  private static void underTree(ObjectReader reader, ObjectId tree, String ref, Set<ObjectId> fresh,
      Map<String, HistoryWalk.BlobUse> out) throws IOException {
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tree);
      while (tw.next()) {
        ObjectId id = tw.getObjectId(0);
        if (!fresh.contains(id)) {
          continue;
        }
        if (tw.isSubtree()) {
          tw.enterSubtree();
        } else if (tw.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
          out.putIfAbsent(HistoryWalk.key(id, tw.getPathString()),
              new HistoryWalk.BlobUse(tw.getPathString(), id.name(), null, ref));
        }
      }
    }
  }

  /** The trees and blobs the tips reach and the held objects do not; a held object this repository lacks holds nothing. */
  private static Set<ObjectId> fresh(Repository repo, Iterable<RevObject> tips, Set<String> held) throws IOException {
    Set<ObjectId> fresh = new HashSet<>();
    try (ObjectWalk walk = new ObjectWalk(repo)) {
      for (RevObject tip : tips) {
        walk.markStart(walk.parseAny(tip));
      }
      for (String id : held) {
        try {
          RevObject o = walk.peel(walk.parseAny(ObjectId.fromString(id)));
          // a held commit's tree, not its history: with no new commit to walk, ObjectWalk would not mark it
          walk.markUninteresting(o instanceof RevCommit c ? c.getTree() : o);
        } catch (MissingObjectException | IllegalArgumentException e) {
          // not here: the receiver's copy covers nothing of ours
        }
      }
      while (walk.next() != null) {
        // no commits were marked: this only readies the object walk
      }
      for (RevObject o; (o = walk.nextObject()) != null; ) {
        fresh.add(o.copy());
      }
    }
    return fresh;
  }
}
