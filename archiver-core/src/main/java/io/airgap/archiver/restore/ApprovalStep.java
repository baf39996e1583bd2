package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.custody.Approvals;
import io.airgap.archiver.steps.Step;
import java.util.List;

/**
 * {@code --require-approval}: every archive this run applies (each link of a chain) needs a valid approval by one
 * of the approvers' keys, for its id and its exact file. Checked once the chain is known and before anything is
 * applied or pushed; a dry run makes the same check.
 */
final class ApprovalStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    int n = c.archives().size();
    return "Checking the approval" + (n == 1 ? "" : "s") + " of " + n + (n == 1 ? " archive" : " archives");
  }

  @Override
  public boolean enabled(RestoreContext c) {
    return c.options.approvals() != null;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    List<Approvals.Subject> subjects = c.archives().stream()
        .map((ArchiveHeader h) -> new Approvals.Subject(h.input(), h.archiveId(), h.manifest().signer())).toList();
    List<Approvals.Found> approvals = Approvals.require(subjects, c.options.approvals());
    for (int i = 0; i < approvals.size(); i++) {
      Approvals.Found f = approvals.get(i);
      c.progress.info(subjects.get(i).input().fileName() + " approved by " + f.approval().approverFingerprint()
          + (f.approval().approverUserId().isEmpty() ? "" : " (" + f.approval().approverUserId() + ")") + " at "
          + f.approval().approvedAt() + (f.approval().note().isEmpty() ? "" : ": " + f.approval().note()));
    }
  }
}
