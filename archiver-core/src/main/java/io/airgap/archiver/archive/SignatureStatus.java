package io.airgap.archiver.archive;

/** What was established about an archive's signature. */
public enum SignatureStatus {
  /** Signed by one of the trusted keys, and the signature matches. */
  VERIFIED,
  /** Signed, but no trusted key was given, so the signature was not checked. */
  NOT_CHECKED,
  /** The archive carries no signature. */
  UNSIGNED
}
