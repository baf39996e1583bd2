/**
 * OpenPGP signing keys, detached signatures over SHA256SUMS, and their verification against trusted keys; and
 * encryption of whole archives to the air-gapped side's keys (sign, then encrypt).
 */
package io.airgap.archiver.signing;
