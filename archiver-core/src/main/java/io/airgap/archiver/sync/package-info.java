/**
 * Connected mirroring without an archive: one-way sync of a source to several targets
 * ({@link io.airgap.archiver.sync.SyncSteps}) and bidirectional sync of two repositories against
 * the last synced state ({@link io.airgap.archiver.sync.TwoWaySteps}), built from the same mirror,
 * push planning, LFS collection and upload that create and restore use. On the operations' layer:
 * may import {@code lfs}, {@code deps} and every layer below them; not {@code create},
 * {@code restore} or {@code mirror} (backups through create are run by {@code api}).
 */
package io.airgap.archiver.sync;
