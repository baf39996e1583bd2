package io.airgap.archiver.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The files a ref's change adds, modifies and removes (its old tip's tree against its new one),
 * with sizes, type, and whether the content is binary or a Git LFS pointer.
 */
final class TreeChanges {
  private final Repository repo;
  private final Map<String, Review.FileEntry> files = new LinkedHashMap<>();

  TreeChanges(Repository repo) {
    this.repo = repo;
  }

  /** Adds the differences between {@code oldId} (null: nothing) and {@code newId} on {@code ref}. */
  void add(String ref, String oldId, String newId) throws IOException {
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
        TreeWalk tw = new TreeWalk(repo, reader)) {
      RevCommit newTip = commit(walk, newId);
      if (newTip == null) {
        return;
      }
      RevCommit oldTip = commit(walk, oldId);
      tw.setRecursive(true);
      if (oldTip == null) {
        tw.addTree(new EmptyTreeIterator());
      } else {
        tw.addTree(oldTip.getTree());
      }
      tw.addTree(newTip.getTree());
      tw.setFilter(TreeFilter.ANY_DIFF);
      while (tw.next()) {
        boolean hadOld = tw.getFileMode(0).getObjectType() == Constants.OBJ_BLOB;
        boolean hasNew = tw.getFileMode(1).getObjectType() == Constants.OBJ_BLOB;
        if (!hadOld && !hasNew) {
          continue;
        }
        String path = tw.getPathString();
        String change = !hadOld ? "added" : !hasNew ? "removed" : "modified";
        long oldSize = hadOld ? reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB) : 0;
        long size = hasNew ? reader.getObjectSize(tw.getObjectId(1), Constants.OBJ_BLOB) : 0;
        boolean binary = false;
        String lfsOid = null;
        long lfsSize = 0;
        if (hasNew) {
          byte[] head = head(reader, tw.getObjectId(1), size);
          String[] pointer = size < 1024 ? pointer(head) : null;
          if (pointer != null) {
            lfsOid = pointer[0];
            lfsSize = Long.parseLong(pointer[1]);
          } else {
            for (byte b : head) {
              binary |= b == 0;
            }
          }
        }
        String key = path + "\0" + change + "\0" + (hasNew ? tw.getObjectId(1).name() : "");
        files.putIfAbsent(key, new Review.FileEntry(path, change, size, oldSize, ref, type(path), binary, lfsOid,
            lfsSize));
      }
    }
  }

  List<Review.FileEntry> files() {
    return new ArrayList<>(files.values());
  }

  static String type(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "(none)" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static byte[] head(ObjectReader reader, ObjectId id, long size) throws IOException {
    try (var in = reader.open(id, Constants.OBJ_BLOB).openStream()) {
      return in.readNBytes((int) Math.min(size, 8000));
    }
  }

  /** {oid, size} of a Git LFS pointer file, or null. */
  static String[] pointer(byte[] content) {
    String text = new String(content, java.nio.charset.StandardCharsets.US_ASCII);
    if (!text.startsWith("version https://git-lfs.github.com/spec/v1")) {
      return null;
    }
    var oid = java.util.regex.Pattern.compile("(?m)^oid sha256:([0-9a-f]{64})$").matcher(text);
    var size = java.util.regex.Pattern.compile("(?m)^size (\\d{1,18})$").matcher(text);
    return oid.find() && size.find() ? new String[] {oid.group(1), size.group(1)} : null;
  }

  static RevCommit commit(RevWalk walk, String id) throws IOException {
    if (id == null) {
      return null;
    }
    try {
      RevObject o = walk.peel(walk.parseAny(ObjectId.fromString(id)));
      return o instanceof RevCommit c ? c : null;
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return null;
    }
  }

  static boolean isAncestor(Repository repo, String oldId, String newId) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit o = commit(walk, oldId);
      RevCommit n = commit(walk, newId);
      return o != null && n != null && walk.isMergedInto(o, n);
    }
  }

  static boolean has(Repository repo, String id) {
    try {
      return repo.getObjectDatabase().has(ObjectId.fromString(id));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

}
