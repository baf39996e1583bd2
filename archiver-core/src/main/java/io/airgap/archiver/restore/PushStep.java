package io.airgap.archiver.restore;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.git.RestoredPacks;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.steps.Step;
import java.util.List;

/**
 * Makes the planned ref changes at the target (a local bare target may receive the verified packs
 * directly) and checks each ref's outcome.
 */
final class PushStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Pushing to " + c.options.target().remote().display();
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    TargetRepository target = c.options.target();
    c.actions = target.pushRetrying(c.workspace.repository(), c.actions, () -> RefPlanStep.plan(c),
        new RestoredPacks(c.packs, c.selfContained, c.workspace.wholePack()));
    c.headSet = target.setHeadIfLocal(c.state.head());
  }

  @Override
  public void describe(RestoreContext c) {
    long changes = c.actions.stream().filter(a -> a.kind().pushes()).count();
    c.progress.info("dry run: would push " + Plural.of(changes, "ref change") + " to " + c.options.target().remote().display()
        + "; nothing was changed");
  }
}
