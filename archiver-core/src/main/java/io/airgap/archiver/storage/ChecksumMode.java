package io.airgap.archiver.storage;

/** When the S3 client adds request checksums and validates response checksums. */
public enum ChecksumMode {
  /**
   * Only where the S3 API demands one. The default: older S3-compatible stores (some MinIO and Ceph
   * versions) reject the newer checksum headers with {@code NotImplemented}.
   */
  WHEN_REQUIRED,
  /** Whenever the operation supports one, as current AWS SDKs do by default. */
  WHEN_SUPPORTED
}
