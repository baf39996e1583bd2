package io.airgap.archiver.cli;

import java.util.Map;

/**
 * Restore and verify hash Git objects with the JDK's hardware-accelerated SHA-1 instead of JGit's
 * collision-detecting one, which is most of the CPU time of unbundling a large archive. Collision
 * detection belongs where untrusted objects enter — create's fetch from the source keeps it — while
 * restore reads a bundle whose bytes are bound by SHA-256 to a trusted signature before they are
 * hashed. {@code ARCHIVER_SHA1_COLLISION_DETECTION=1} keeps detection for restore too. The choice is
 * a system property JGit reads each time it makes a hasher, so it is undone when the command ends.
 */
final class ObjectHashing implements AutoCloseable {
  static final String PROPERTY = "org.eclipse.jgit.util.sha1.implementation";
  static final String KEEP_DETECTION = "ARCHIVER_SHA1_COLLISION_DETECTION";

  private final boolean set;

  private ObjectHashing(boolean set) {
    this.set = set;
  }

  static ObjectHashing forSignedBundles(Map<String, String> env) {
    if (System.getProperty(PROPERTY) != null || "1".equals(env.get(KEEP_DETECTION))) {
      return unchanged();
    }
    System.setProperty(PROPERTY, "jdkNative");
    return new ObjectHashing(true);
  }

  static ObjectHashing unchanged() {
    return new ObjectHashing(false);
  }

  @Override
  public void close() {
    if (set) {
      System.clearProperty(PROPERTY);
    }
  }
}
