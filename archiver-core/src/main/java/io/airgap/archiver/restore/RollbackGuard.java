package io.airgap.archiver.restore;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.archive.ArchiveHeader;
import java.util.List;

/**
 * Refuses archives older than the newest one the workspace has applied, so a replayed old archive
 * — a genuine, validly signed one — cannot move refs backwards.
 */
final class RollbackGuard {
  private RollbackGuard() {}

  static void check(List<ArchiveHeader> ordered, WorkspaceState state) throws UntrustedArchiveException {
    String newest = state.newestCreatedAt();
    for (ArchiveHeader h : ordered) {
      String created = h.manifest().createdAt();
      if (newest != null && created != null && created.compareTo(newest) < 0) {
        throw new UntrustedArchiveException("archive " + h.archiveId() + " (" + h.input().name() + ") was created "
            + created + ", before the newest archive this workspace has applied (" + newest + "): refusing to move"
            + " refs backwards. If this rollback is intended, pass --allow-rollback");
      }
      if (created != null && (newest == null || created.compareTo(newest) > 0)) {
        newest = created;
      }
    }
  }
}
