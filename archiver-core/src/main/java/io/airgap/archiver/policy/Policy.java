package io.airgap.archiver.policy;

import java.util.List;
import java.util.Set;

/**
 * A content policy: what may cross the gap. Loaded from YAML by {@link PolicyFile}; {@code sha256}
 * identifies the exact file, so the manifest can record which policy an archive passed.
 *
 * @param maxFileSize bytes, 0 for no limit (Git blobs and LFS objects alike)
 * @param maxArchiveSize bytes, 0 for no limit (the archive's content before compression)
 */
public record Policy(
    boolean secrets,
    Set<String> allow,
    List<String> denyPaths,
    long maxFileSize,
    long maxArchiveSize,
    Set<String> allowLicenses,
    Set<String> denyLicenses,
    String sha256) {

  public Policy {
    allow = Set.copyOf(allow);
    denyPaths = List.copyOf(denyPaths);
    allowLicenses = Set.copyOf(allowLicenses);
    denyLicenses = Set.copyOf(denyLicenses);
  }

  /** Whether any rule needs the Git history walked. */
  boolean needsHistory() {
    return secrets || !denyPaths.isEmpty() || maxFileSize > 0;
  }

  boolean checksLicenses() {
    return !allowLicenses.isEmpty() || !denyLicenses.isEmpty();
  }
}
