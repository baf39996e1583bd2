package io.airgap.archiver.archive;

import io.airgap.archiver.git.BundleHeader;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.Sha256Sums;

/**
 * An archive that passed verification, with what was learned while reading it. {@code signerUserId} is the
 * verified signer's first user ID (empty when the key has none, null when no signature was checked): what the key
 * says of itself, to show beside the fingerprint, never instead of it.
 */
public record VerifiedArchive(
    String archiveId,
    Manifest manifest,
    Sha256Sums sums,
    SignatureStatus signatureStatus,
    String signerFingerprint,
    BundleHeader bundle,
    int entryCount,
    long contentBytes,
    String signerUserId) {

  /** Without the signer's user ID. */
  public VerifiedArchive(String archiveId, Manifest manifest, Sha256Sums sums, SignatureStatus signatureStatus,
      String signerFingerprint, BundleHeader bundle, int entryCount, long contentBytes) {
    this(archiveId, manifest, sums, signatureStatus, signerFingerprint, bundle, entryCount, contentBytes, null);
  }
}
