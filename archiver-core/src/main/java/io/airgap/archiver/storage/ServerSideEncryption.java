package io.airgap.archiver.storage;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.Locale;

/**
 * Server-side encryption asked of the transfer bucket on every object written: SSE-S3 ({@code AES256}) or
 * SSE-KMS ({@code aws:kms}, optionally with a key id). Complements, never replaces, encrypting the archive
 * itself: the store operator can still read what SSE protects.
 *
 * @param algorithm {@code AES256} or {@code aws:kms}; null for none (the bucket's default applies)
 * @param kmsKeyId the KMS key for {@code aws:kms}; null for the account's default key
 */
public record ServerSideEncryption(String algorithm, String kmsKeyId) {
  public static final ServerSideEncryption NONE = new ServerSideEncryption(null, null);

  /** Validates the {@code --s3-sse} and {@code --s3-kms-key-id} values. */
  public static ServerSideEncryption parse(String algorithm, String kmsKeyId) throws InvalidRequestException {
    String key = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.trim();
    if (algorithm == null || algorithm.isBlank()) {
      if (key != null) {
        throw new InvalidRequestException("--s3-kms-key-id needs --s3-sse aws:kms");
      }
      return NONE;
    }
    String a = algorithm.trim();
    if (a.equalsIgnoreCase("AES256")) {
      if (key != null) {
        throw new InvalidRequestException("--s3-kms-key-id applies to --s3-sse aws:kms, not AES256");
      }
      return new ServerSideEncryption("AES256", null);
    }
    if (a.toLowerCase(Locale.ROOT).equals("aws:kms")) {
      return new ServerSideEncryption("aws:kms", key);
    }
    throw new InvalidRequestException("--s3-sse must be AES256 or aws:kms, not '" + algorithm + "'");
  }

  public boolean enabled() {
    return algorithm != null;
  }
}
