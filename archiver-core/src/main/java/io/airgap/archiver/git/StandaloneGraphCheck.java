package io.airgap.archiver.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * Proves, while a pack is indexed, that it stands alone: every object that a received commit, tree or
 * tag names was received too, with the type it is named as, as {@code git index-pack --strict} does.
 * It replaces the walk over the whole history that a fetch makes after indexing, which reads every
 * commit and tree a second time; the indexer already hands each one over inflated. A tree's
 * submodule entries (gitlinks) name commits of other repositories, so they are not followed.
 *
 * <p>Like JGit's walk it requires a named commit, tree or (declared) tag to be of that type, and a
 * named blob only to exist. Unlike the walk it also judges objects no ref reaches, as git's indexer
 * does. The path rules of {@link UnbundleChecks} apply as before.
 */
final class StandaloneGraphCheck extends ObjectChecker {
  /** Must be received; with it, a bit per object type it must be (a blob is wanted only as present). */
  private static final int PRESENT = 1;
  /** Named by a received object. */
  private static final int NAMED = 1 << 5;
  /** Named by a ref under {@code refs/}. */
  private static final int TIP = 1 << 6;

  private static final class Node extends ObjectIdOwnerMap.Entry {
    private byte type; // 0 until received
    private byte wanted;

    Node(AnyObjectId id) {
      super(id);
    }
  }

  private final ObjectIdOwnerMap<Node> objects = new ObjectIdOwnerMap<>();
  private final MutableObjectId scratch = new MutableObjectId();

  StandaloneGraphCheck() {
    UnbundleChecks.withPathRules(this);
  }

  @Override
  public void check(AnyObjectId id, int objType, byte[] raw) throws CorruptObjectException {
    super.check(id, objType, raw);
    received(id, objType);
    switch (objType) {
      case Constants.OBJ_COMMIT -> commit(id, raw);
      case Constants.OBJ_TREE -> tree(id, raw);
      case Constants.OBJ_TAG -> tag(id, raw);
      default -> { } // a blob names nothing
    }
  }

  @Override
  public BlobObjectChecker newBlobObjectChecker() {
    return new BlobObjectChecker() {
      @Override
      public void update(byte[] in, int p, int len) {}

      @Override
      public void endBlob(AnyObjectId id) {
        received(id, Constants.OBJ_BLOB);
      }
    };
  }

  /**
   * Requires {@code id} to be received, of any type: what a ref of the bundle names; {@code tip}
   * for a ref under {@code refs/} (what is written and pushed), not for HEAD.
   */
  void want(AnyObjectId id, boolean tip) {
    node(id).wanted |= (byte) (tip ? PRESENT | TIP : PRESENT);
  }

  /**
   * Whether every received object is reached from a tip: each is named by a tip or by another
   * received object, and since objects cannot name each other in a circle, following the names
   * back from any object ends at a tip. The pack then holds exactly what the tips reach.
   */
  boolean everyObjectReachedFromTips() {
    for (Node n : objects) {
      if (n.type != 0 && (n.wanted & (NAMED | TIP)) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the pack lacks: objects named but never received, then named with one type and received as
   * another; empty when it stands alone. At most {@code limit} of each.
   */
  Gaps gaps(int limit) {
    List<ObjectId> missing = new ArrayList<>();
    List<ObjectId> mistyped = new ArrayList<>();
    for (Node n : objects) {
      if (n.wanted == 0) {
        continue;
      }
      if (n.type == 0) {
        add(missing, n, limit);
      } else if ((n.wanted & ~(PRESENT | NAMED | TIP | 1 << n.type)) != 0) {
        add(mistyped, n, limit);
      }
    }
    return new Gaps(missing, mistyped);
  }

  /** Objects named and never received, and objects received with another type than they were named as. */
  record Gaps(List<ObjectId> missing, List<ObjectId> mistyped) {
    boolean none() {
      return missing.isEmpty() && mistyped.isEmpty();
    }
  }

  private static void add(Collection<ObjectId> list, ObjectId id, int limit) {
    if (list.size() < limit) {
      list.add(id.copy());
    }
  }

  private void received(AnyObjectId id, int type) {
    node(id).type = (byte) type;
  }

  private Node node(AnyObjectId id) {
    Node n = objects.get(id);
    if (n == null) {
      n = new Node(id);
      objects.add(n);
    }
    return n;
  }

  private void named(int type) {
    node(scratch).wanted |= (byte) (type == Constants.OBJ_BLOB ? PRESENT | NAMED : PRESENT | NAMED | 1 << type);
  }

  /** "tree {hex}\n" first, then any "parent {hex}\n" lines, where JGit's commit parser reads them. */
  private void commit(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    int p = hexAfter(raw, 0, ObjectChecker.tree, id, "commit has no tree line first");
    named(Constants.OBJ_TREE);
    while (startsWith(raw, p, ObjectChecker.parent)) {
      p = hexAfter(raw, p, ObjectChecker.parent, id, "commit has a malformed parent line");
      named(Constants.OBJ_COMMIT);
    }
  }

  /** "object {hex}\ntype {name}\n" first, as JGit's tag parser reads them. */
  private void tag(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    int p = hexAfter(raw, 0, ObjectChecker.object, id, "tag has no object line first");
    if (!startsWith(raw, p, ObjectChecker.type)) {
      throw corrupt(id, "tag has no type line after its object line");
    }
    int start = p + ObjectChecker.type.length;
    int end = start;
    while (end < raw.length && raw[end] != '\n') {
      end++;
    }
    String name = new String(raw, start, end - start, StandardCharsets.US_ASCII);
    int type = switch (name) {
      case Constants.TYPE_COMMIT -> Constants.OBJ_COMMIT;
      case Constants.TYPE_TREE -> Constants.OBJ_TREE;
      case Constants.TYPE_BLOB -> Constants.OBJ_BLOB;
      case Constants.TYPE_TAG -> Constants.OBJ_TAG;
      default -> throw corrupt(id, "tag names an object of unknown type \"" + name + "\"");
    };
    named(type);
  }

  /** Entries "{octal mode} {name}\0{20 bytes}"; the checker above has judged names and order. */
  private void tree(AnyObjectId id, byte[] raw) throws CorruptObjectException {
    int p = 0;
    while (p < raw.length) {
      int mode = 0;
      for (; p < raw.length && raw[p] != ' '; p++) {
        if (raw[p] < '0' || raw[p] > '7') {
          throw corrupt(id, "tree entry has an invalid mode");
        }
        mode = (mode << 3) + (raw[p] - '0');
      }
      while (p < raw.length && raw[p] != 0) {
        p++;
      }
      if (p + 1 + Constants.OBJECT_ID_LENGTH > raw.length) {
        throw corrupt(id, "tree entry is truncated");
      }
      scratch.fromRaw(raw, p + 1);
      p += 1 + Constants.OBJECT_ID_LENGTH;
      switch (mode & FileMode.TYPE_MASK) {
        case FileMode.TYPE_TREE -> named(Constants.OBJ_TREE);
        case FileMode.TYPE_FILE, FileMode.TYPE_SYMLINK -> named(Constants.OBJ_BLOB);
        case FileMode.TYPE_GITLINK -> { }
        default -> throw corrupt(id, "tree entry has an invalid mode " + Integer.toOctalString(mode));
      }
    }
  }

  /** Reads the id after {@code key} at {@code p} into the scratch id; the offset past its newline. */
  private int hexAfter(byte[] raw, int p, byte[] key, AnyObjectId id, String problem) throws CorruptObjectException {
    int hex = p + key.length;
    int end = hex + Constants.OBJECT_ID_STRING_LENGTH;
    if (!startsWith(raw, p, key) || end >= raw.length || raw[end] != '\n') {
      throw corrupt(id, problem);
    }
    for (int i = hex; i < end; i++) {
      byte b = raw[i];
      if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
        throw corrupt(id, problem);
      }
    }
    scratch.fromString(raw, hex);
    return end + 1;
  }

  private static boolean startsWith(byte[] raw, int p, byte[] key) {
    if (p + key.length > raw.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (raw[p + i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  private static CorruptObjectException corrupt(AnyObjectId id, String problem) {
    return new CorruptObjectException("object " + id.name() + ": " + problem);
  }
}
