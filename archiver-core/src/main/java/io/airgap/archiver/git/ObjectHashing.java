package io.airgap.archiver.git;

import java.util.Map;

/**
 * JGit hashes objects with the JDK's hardware-accelerated SHA-1 instead of its collision-detecting
 * one, which is most of the CPU time of indexing a pack. Collision detection belongs where untrusted
 * objects enter: a fetch from a source keeps it, on threads of its own ({@link CollisionScreen}), while
 * restore reads a bundle whose bytes are bound by SHA-256 to a trusted signature before they are
 * hashed. {@code ARCHIVER_SHA1_COLLISION_DETECTION=1} keeps detection in line for restore too.
 *
 * <p>The choice is a system property JGit reads each time it makes a hasher, so it is undone when
 * the last command that chose it ends; commands running side by side in one process share it.
 */
public final class ObjectHashing implements AutoCloseable {
  static final String PROPERTY = "org.eclipse.jgit.util.sha1.implementation";
  /** The opt-out: set to {@code 1}, restore and verify keep JGit's collision detection. */
  public static final String KEEP_DETECTION = "ARCHIVER_SHA1_COLLISION_DETECTION";

  private static int users;

  private boolean set;

  private ObjectHashing(boolean set) {
    this.set = set;
  }

  /** The JDK's SHA-1 until {@link #close()}, unless the caller opted out or chose a hasher itself. */
  public static ObjectHashing forSignedBundles(Map<String, String> env) {
    return "1".equals(env.get(KEEP_DETECTION)) ? unchanged() : jdk();
  }

  /** The JDK's SHA-1 for a fetch whose objects a {@link CollisionScreen} checks on threads of its own. */
  static ObjectHashing forScreenedFetch() {
    return jdk();
  }

  private static ObjectHashing jdk() {
    synchronized (ObjectHashing.class) {
      if (users == 0 && System.getProperty(PROPERTY) != null) {
        return unchanged();
      }
      if (users++ == 0) {
        System.setProperty(PROPERTY, "jdkNative");
      }
      return new ObjectHashing(true);
    }
  }

  /** Leaves JGit's choice alone: for archives whose signature is not checked. */
  public static ObjectHashing unchanged() {
    return new ObjectHashing(false);
  }

  @Override
  public void close() {
    synchronized (ObjectHashing.class) {
      if (set && --users == 0) {
        System.clearProperty(PROPERTY);
      }
      set = false;
    }
  }
}
