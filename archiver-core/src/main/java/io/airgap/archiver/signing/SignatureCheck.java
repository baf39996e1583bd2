package io.airgap.archiver.signing;

import java.time.Instant;

/**
 * Result of checking a detached signature: who made it (the signer's primary-key fingerprint, upper-case hex, even
 * when a subkey signed) and when the signature says it was made.
 */
public record SignatureCheck(String signerFingerprint, Instant signedAt) {}
