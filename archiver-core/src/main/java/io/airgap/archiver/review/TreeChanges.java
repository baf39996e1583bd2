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
 * with sizes, type, whether the content is binary or a Git LFS pointer, every ref that makes the
 * same change, and for small text changes a short unified diff ({@link InlineDiff}). An LFS file's
 * real size is its object's, never its pointer's: the archive's verified size when it carries the
 * object, else what the pointer states. LFS objects are never opened here.
 */
final class TreeChanges {
  private final Repository repo;
  private final Map<String, Long> carriedLfs;
  private final Map<String, Builder> files = new LinkedHashMap<>();
  private int diffs;

  /** @param carriedLfs the LFS objects the archive carries: oid to verified size */
  TreeChanges(Repository repo, Map<String, Long> carriedLfs) {
    this.repo = repo;
    this.carriedLfs = carriedLfs;
  }

  TreeChanges(Repository repo) {
    this(repo, Map.of());
  }

  /**
   * Adds the differences between {@code oldId} (null: nothing) and {@code newId} on {@code ref}. Call
   * in ref name order: the refs a file lists are kept in the order they came.
   */
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
        String key = path + "\0" + change + "\0" + (hasNew ? tw.getObjectId(1).name() : "");
        Builder known = files.get(key);
        if (known != null) {
          known.addRef(ref);
          continue;
        }
        Builder b = new Builder(path, change);
        b.addRef(ref);
        Blob before = hadOld ? Blob.read(reader, tw.getObjectId(0)) : null;
        Blob after = hasNew ? Blob.read(reader, tw.getObjectId(1)) : null;
        b.describe(before, after, carriedLfs);
        if (after != null) {
          InlineDiff.Result d = InlineDiff.of(reader, before, after, diffs < InlineDiff.FILES);
          b.diff = d.text();
          b.diffLines = d.lines();
          b.diffNote = d.note();
          diffs += d.text() != null ? 1 : 0;
        }
        files.put(key, b);
      }
    }
  }

  List<Review.FileEntry> files() {
    return files.values().stream().map(Builder::build).toList();
  }

  /** A blob's id and size, and what its first bytes tell: an LFS pointer's {oid, size}, or binary content. */
  record Blob(ObjectId id, long size, String[] pointer, boolean binary) {
    static Blob read(ObjectReader reader, ObjectId id) throws IOException {
      long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
      byte[] head = TreeChanges.head(reader, id, size);
      String[] pointer = size < 1024 ? TreeChanges.pointer(head) : null;
      return new Blob(id.copy(), size, pointer, pointer == null && hasNul(head));
    }

    long realSize(Map<String, Long> carried) {
      if (pointer == null) {
        return size;
      }
      Long verified = carried.get(pointer[0]);
      return verified != null ? verified : Long.parseLong(pointer[1]);
    }
  }

  /** One file change, gathering the refs that make it. */
  private static final class Builder {
    final String path;
    final String change;
    final List<String> refs = new ArrayList<>();
    int refCount;
    long size;
    long oldSize;
    long contentSize;
    long oldContentSize;
    boolean binary;
    String lfsOid;
    long lfsSize;
    String oldLfsOid;
    boolean lfsInArchive;
    String diff;
    int diffLines;
    String diffNote;

    Builder(String path, String change) {
      this.path = path;
      this.change = change;
    }

    void addRef(String ref) {
      refCount++;
      if (refs.size() < Review.REFS_LISTED) {
        refs.add(ref);
      }
    }

    void describe(Blob before, Blob after, Map<String, Long> carried) {
      if (before != null) {
        oldSize = before.size();
        oldContentSize = before.realSize(carried);
        oldLfsOid = before.pointer() == null ? null : before.pointer()[0];
      }
      if (after != null) {
        size = after.size();
        contentSize = after.realSize(carried);
        binary = after.binary();
        if (after.pointer() != null) {
          lfsOid = after.pointer()[0];
          lfsSize = Long.parseLong(after.pointer()[1]);
          lfsInArchive = carried.containsKey(lfsOid);
        }
      }
    }

    Review.FileEntry build() {
      return new Review.FileEntry(path, change, size, oldSize, refs.isEmpty() ? null : refs.get(0), type(path), binary,
          lfsOid, lfsSize, List.copyOf(refs), refCount, contentSize, oldContentSize, oldLfsOid, lfsInArchive, diff,
          diffLines, diffNote);
    }
  }

  /** Binary as Git tells it: a NUL byte (in the first 8000 bytes read). */
  static boolean hasNul(byte[] content) {
    for (byte x : content) {
      if (x == 0) {
        return true;
      }
    }
    return false;
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
