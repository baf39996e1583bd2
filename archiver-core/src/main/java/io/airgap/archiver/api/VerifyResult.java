package io.airgap.archiver.api;

import io.airgap.archiver.manifest.Manifest;

/**
 * An archive that passed {@code verify} (or {@code inspect}): its id, its manifest, and how far
 * its signature was checked.
 */
public record VerifyResult(String archive, long archiveSize, String archiveId, Manifest manifest, Signature signature,
    String signerFingerprint, int entryCount, long contentBytes) {

  /** What was established about the archive's signature. */
  public enum Signature {
    /** Signed by one of the trusted keys, and the signature matches. */
    VERIFIED,
    /** Signed, but no trusted key was given, so the signature was not checked. */
    NOT_CHECKED,
    /** The archive carries no signature. */
    UNSIGNED
  }

  static VerifyResult of(String archive, long archiveSize, io.airgap.archiver.archive.VerifiedArchive verified) {
    return new VerifyResult(archive, archiveSize, verified.archiveId(), verified.manifest(),
        Signature.valueOf(verified.signatureStatus().name()), verified.signerFingerprint(), verified.entryCount(),
        verified.contentBytes());
  }
}
