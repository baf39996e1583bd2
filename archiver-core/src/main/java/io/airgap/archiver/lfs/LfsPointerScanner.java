package io.airgap.archiver.lfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
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
        scanHistory(reader, tipIds, visitor);
      }
    }
    return found;
  }

  @FunctionalInterface
  private interface Visitor {
    void blob(ObjectId blob, String path) throws IOException;
  }

  /** Every blob reachable from the tips, each visited once, as {@code git rev-list --objects} lists them. */
  private static void scanHistory(ObjectReader reader, Collection<String> tipIds, Visitor visitor) throws IOException {
    try (ObjectWalk walk = new ObjectWalk(reader)) {
      for (String id : tipIds) {
        walk.markStart(walk.parseAny(ObjectId.fromString(id)));
      }
      while (walk.next() != null) {
        // commits first; their trees and blobs follow from nextObject()
      }
      RevObject object;
      while ((object = walk.nextObject()) != null) {
        if (object.getType() == Constants.OBJ_BLOB) {
          visitor.blob(object, walk.getPathString());
        }
      }
    }
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
