package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.steps.Step;

/**
 * Orders the given archives by their chain from the workspace's state, refusing archives of
 * another source, gaps, and (unless allowed) rollbacks.
 */
final class ChainStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    int n = c.options.archives().size();
    return "Ordering " + n + (n == 1 ? " archive" : " archives") + " by their chain";
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    for (ArchiveHeader h : c.options.archives()) {
      c.state.requireSource(c.workspaceDir, h.manifest().source() == null ? null : h.manifest().source().id());
    }
    c.chain = ChainPlanner.plan(c.options.archives(), c.state, c.progress);
    if (!c.options.allowRollback()) {
      RollbackGuard.check(c.chain.archives(), c.state);
    }
    c.selfContained = !c.chain.onTarget() && c.workspace.holdsNoObjects();
  }
}
