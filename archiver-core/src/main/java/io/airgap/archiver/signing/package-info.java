/** OpenPGP signing keys, detached signatures over SHA256SUMS, and their verification against trusted keys. */
package io.airgap.archiver.signing;
