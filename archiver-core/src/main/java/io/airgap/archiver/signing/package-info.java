/**
 * OpenPGP signing keys, detached signatures over SHA256SUMS, and their verification against
 * trusted keys; and encryption of whole archives to the air-gapped side's keys (sign, then encrypt).
 * May import {@code internal}, {@code progress} and {@code base}; not {@code git} or
 * {@code storage}, its neighbours on the same layer.
 */
package io.airgap.archiver.signing;
