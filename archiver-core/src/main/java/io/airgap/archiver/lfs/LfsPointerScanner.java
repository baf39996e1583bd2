package io.airgap.archiver.lfs;

import io.airgap.archiver.git.ReachableBlobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lfs.LfsPointer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds the Git LFS pointer files (per the Git LFS specification, parsed by JGit's {@link LfsPointer})
 * in the trees the given ref tips reach: through their whole history, or at the tips only.
 *
 * <p>The history scan reads the reachable blobs from the repository's bitmap index when it has one
 * (create's cache always does, see {@code CacheRepack}): that skips parsing every tree of the history,
 * which was most of a warm create, but also learns no paths, so its pointers have none.
 */
public final class LfsPointerScanner {
  /** git-lfs never reads a blob of 1024 bytes or more as a pointer; neither do we, so both agree. */
  private static final long MAX_POINTER_SIZE = 1024;

  private final Repository repo;

  public LfsPointerScanner(Repository repo) {
    this.repo = repo;
  }

  /**
   * The LFS objects the tips need, by oid, leaving out {@code skipOids} (objects an earlier archive
   * of the chain already carries).
   */
  public SortedMap<String, PointerFile> scan(Collection<String> tipIds, LfsScope scope, Set<String> skipOids)
      throws IOException {
    return scan(tipIds, List.of(), scope, skipOids);
  }

  /**
   * As {@link #scan(Collection, LfsScope, Set)}; a {@link LfsScope#HISTORY} scan also leaves out the
   * blobs {@code coveredTipIds} reach — a base's tips whose LFS objects its chain is known to carry
   * completely. Covered tips the repository lacks cover nothing. Without a bitmap index the result
   * may still name some of their objects (a tree walk stops at the newest covered commits).
   */
  public SortedMap<String, PointerFile> scan(Collection<String> tipIds, Collection<String> coveredTipIds,
      LfsScope scope, Set<String> skipOids) throws IOException {
    SortedMap<String, PointerFile> found = new TreeMap<>();
    try (ObjectReader reader = repo.newObjectReader()) {
      Visitor visitor = (blob, path) -> {
        PointerFile pointer = read(reader, blob, path);
        if (pointer != null && !skipOids.contains(pointer.oid())) {
          found.putIfAbsent(pointer.oid(), pointer);
        }
      };
      if (scope == LfsScope.TIPS) {
        scanTips(reader, tipIds, visitor);
      } else {
        ReachableBlobs.forEach(reader, tipIds, coveredTipIds, visitor::blob);
      }
    }
    return found;
  }

  /**
   * {@code objects} in order, each without a path given one where the tips' history uses it, for
   * messages. Walks the history's trees until every one is placed, so call it only for the few
   * objects a failure names; an object no tree uses keeps no path.
   */
  public List<PointerFile> withPaths(Collection<String> tipIds, Collection<PointerFile> objects) throws IOException {
    Set<String> unplaced = new HashSet<>();
    objects.stream().filter(o -> o.path() == null).forEach(o -> unplaced.add(o.oid()));
    Map<String, String> paths = new HashMap<>();
    if (!unplaced.isEmpty()) {
      try (ObjectReader reader = repo.newObjectReader(); ObjectWalk walk = new ObjectWalk(reader)) {
        for (String id : tipIds) {
          walk.markStart(walk.parseAny(ObjectId.fromString(id)));
        }
        while (walk.next() != null) {
          // commits first; their trees and blobs follow from nextObject()
        }
        RevObject object;
        while (!unplaced.isEmpty() && (object = walk.nextObject()) != null) {
          if (object.getType() == Constants.OBJ_BLOB) {
            PointerFile pointer = read(reader, object, null);
            if (pointer != null && unplaced.remove(pointer.oid())) {
              paths.put(pointer.oid(), walk.getPathString());
            }
          }
        }
      }
    }
    List<PointerFile> placed = new ArrayList<>();
    for (PointerFile o : objects) {
      placed.add(o.path() == null && paths.containsKey(o.oid()) ? new PointerFile(o.oid(), o.size(), paths.get(o.oid()))
          : o);
    }
    return placed;
  }

  @FunctionalInterface
  private interface Visitor {
    void blob(ObjectId blob, String path) throws IOException;
  }

  private static void scanTips(ObjectReader reader, Collection<String> tipIds, Visitor visitor) throws IOException {
    Set<ObjectId> seen = new HashSet<>();
    try (RevWalk walk = new RevWalk(reader)) {
      for (String id : tipIds) {
        RevObject tip = walk.peel(walk.parseAny(ObjectId.fromString(id)));
        RevTree tree;
        if (tip instanceof RevCommit commit) {
          tree = commit.getTree();
        } else if (tip instanceof RevTree t) {
          tree = t;
        } else {
          if (tip.getType() == Constants.OBJ_BLOB && seen.add(tip.copy())) {
            visitor.blob(tip, null);
          }
          continue;
        }
        try (TreeWalk tw = new TreeWalk(reader)) {
          tw.addTree(tree);
          tw.setRecursive(true);
          while (tw.next()) {
            int mode = tw.getRawMode(0);
            if ((mode == FileMode.REGULAR_FILE.getBits() || mode == FileMode.EXECUTABLE_FILE.getBits())
                && seen.add(tw.getObjectId(0))) {
              visitor.blob(tw.getObjectId(0), tw.getPathString());
            }
          }
        }
      }
    }
  }

  private static PointerFile read(ObjectReader reader, ObjectId blob, String path) throws IOException {
    if (reader.getObjectSize(blob, Constants.OBJ_BLOB) >= MAX_POINTER_SIZE) {
      return null;
    }
    byte[] content = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes();
    LfsPointer pointer;
    try {
      pointer = LfsPointer.parseLfsPointer(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      // a blob that starts like a pointer but is malformed is ordinary content to git-lfs too
      return null;
    }
    return pointer == null ? null : new PointerFile(pointer.getOid().name(), pointer.getSize(), path);
  }
}
