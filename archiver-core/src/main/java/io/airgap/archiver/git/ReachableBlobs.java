package io.airgap.archiver.git;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.BitmapIndex;
import org.eclipse.jgit.lib.BitmapIndex.BitmapBuilder;
import org.eclipse.jgit.lib.BitmapObject;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.BitmapWalker;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;

/**
 * Every blob some tips reach and some covered tips do not, each once, as {@code git rev-list
 * --objects} lists them: from the bitmap index when the repository has one (create's cache always
 * does, see {@link CacheRepack}) — which skips parsing every tree of the history but learns no
 * paths — else by walking the trees. The LFS pointer scan and the secrets scan both need this set.
 */
public final class ReachableBlobs {
  /** Receives each blob, with its path when a tree walk found it (null from the bitmap index). */
  @FunctionalInterface
  public interface Visitor {
    void blob(ObjectId blob, String path) throws IOException;
  }

  private ReachableBlobs() {}

  /** Covered tips the repository lacks cover nothing; without a bitmap index a tree walk stops at the newest covered commits. */
  public static void forEach(ObjectReader reader, Collection<String> tipIds, Collection<String> coveredTipIds,
      Visitor visitor) throws IOException {
    BitmapIndex bitmaps = reader.getBitmapIndex();
    if (bitmaps != null) {
      fromBitmaps(reader, bitmaps, tipIds, coveredTipIds, visitor);
    } else {
      fromTrees(reader, tipIds, coveredTipIds, visitor);
    }
  }

  /** Tips with a bitmap cost one lookup; only commits newer than the last repack are walked. */
  private static void fromBitmaps(ObjectReader reader, BitmapIndex bitmaps, Collection<String> tipIds,
      Collection<String> coveredTipIds, Visitor visitor) throws IOException {
    try (ObjectWalk objectWalk = new ObjectWalk(reader)) {
      BitmapWalker walker = new BitmapWalker(objectWalk, bitmaps, NullProgressMonitor.INSTANCE);
      // a base tip pruned from the cache covers nothing; a missing object of the tips is an error, as in a tree walk
      BitmapBuilder covered = coveredTipIds.isEmpty() ? null : walker.findObjects(ids(coveredTipIds), null, true);
      BitmapBuilder reached = walker.findObjects(ids(tipIds), covered, false);
      if (covered != null) {
        // findObjects stops at covered commits but may still add their trees and blobs
        reached.andNot(covered);
      }
      for (BitmapObject object : reached.build()) {
        if (object.getType() == Constants.OBJ_BLOB) {
          visitor.blob(object.getObjectId(), null);
        }
      }
    }
  }

  private static void fromTrees(ObjectReader reader, Collection<String> tipIds, Collection<String> coveredTipIds,
      Visitor visitor) throws IOException {
    try (ObjectWalk walk = new ObjectWalk(reader)) {
      for (String id : tipIds) {
        walk.markStart(walk.parseAny(ObjectId.fromString(id)));
      }
      for (String id : coveredTipIds) {
        try {
          walk.markUninteresting(walk.parseAny(ObjectId.fromString(id)));
        } catch (MissingObjectException e) {
          // pruned from the cache: covers nothing
        }
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

  private static List<ObjectId> ids(Collection<String> names) {
    return names.stream().map(ObjectId::fromString).toList();
  }
}
