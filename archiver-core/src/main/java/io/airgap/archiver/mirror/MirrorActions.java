package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.util.List;

/**
 * What a mirror run does, supplied by the API layer: one sync of the mirror from a given source,
 * and retention of its backup locations. Keeps the scheduler free of how syncing works.
 */
public interface MirrorActions {
  /**
   * Syncs {@code spec}'s targets and backups from {@code source}.
   *
   * @throws ArchiverException when the source cannot be read (what failover acts on)
   */
  SyncReport sync(MirrorSpec spec, String source, ProgressListener progress) throws ArchiverException;

  /** Deletes the chains beyond the newest {@code keepChains} at a backup location. */
  void prune(String location, int keepChains, ProgressListener progress) throws ArchiverException;

  /**
   * What one sync did; {@code failedTargets} name the targets that failed (the source was read);
   * {@code policyViolated}: a target was left untouched because the content policy refused the push.
   */
  record SyncReport(long commitsSynced, long branchesSynced, List<String> failedTargets, String error,
      boolean policyViolated) {
    public SyncReport {
      failedTargets = List.copyOf(failedTargets);
    }

    public boolean ok() {
      return failedTargets.isEmpty();
    }
  }
}
