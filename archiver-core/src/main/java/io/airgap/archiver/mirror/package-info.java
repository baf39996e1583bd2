/**
 * Connected mirroring: the mirror file, the scheduler (once, as a service, on trigger), failover,
 * per-mirror status, notifications, metrics and the status page. What a run does (sync, prune) is
 * supplied by {@code api} through {@link io.airgap.archiver.mirror.MirrorActions}. On the
 * operations' layer: may import {@code lfs}, {@code deps} and every layer below them; not
 * {@code create} or {@code restore}.
 */
package io.airgap.archiver.mirror;
