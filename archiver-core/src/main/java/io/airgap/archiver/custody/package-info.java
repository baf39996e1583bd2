/**
 * Chain of custody: files a person reads and stock {@code gpg --verify} checks — approvals (a second person lets an
 * archive cross) and receipts (the air-gapped side signs what its target holds after a restore, and the connected side
 * bases the next incremental on exactly that). Above the operations, below {@code api}: may import {@code create},
 * {@code restore}, {@code review} and every layer below them.
 */
package io.airgap.archiver.custody;
