package io.airgap.archiver.signing;

import java.time.Instant;

/**
 * Result of checking a detached signature: who made it (the signer's primary-key fingerprint, upper-case hex, even
 * when a subkey signed), when the signature says it was made, and the signer's first user ID (may be empty; it is
 * what the key says of itself, so show it beside the fingerprint, never instead of it).
 */
public record SignatureCheck(String signerFingerprint, Instant signedAt, String signerUserId) {
  /** "FINGERPRINT (User ID)", or the fingerprint alone when the key has no user ID. */
  public String signerName() {
    return signerUserId.isEmpty() ? signerFingerprint : signerFingerprint + " (" + signerUserId + ")";
  }
}
