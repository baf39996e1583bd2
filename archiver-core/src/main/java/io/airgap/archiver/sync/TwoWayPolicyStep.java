package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.steps.Step;
import java.util.List;

/**
 * Holds both directions of a bidirectional sync to the content policy before either side is touched:
 * a violation either way ends the run here, like a conflict, with neither side changed and the
 * findings named. A dry run checks the history only (the LFS objects are not collected then).
 */
final class TwoWayPolicyStep implements Step<TwoWayContext> {
  @Override
  public String title(TwoWayContext c) {
    return "Checking the content policy " + c.options.policy().sha256().substring(0, 12);
  }

  @Override
  public boolean enabled(TwoWayContext c) {
    return c.options.policy() != null;
  }

  @Override
  public void run(TwoWayContext c) throws ArchiverException {
    try {
      check(c, true);
      check(c, false);
    } catch (PolicyViolationException e) {
      c.progress.warn(e.getMessage());
      for (SyncTarget side : List.of(c.a, c.b)) {
        c.outcomes.add(new TargetOutcome(side.display(), TargetOutcome.Status.POLICY, List.of(), e.getMessage(), 0,
            e.findings()));
      }
      c.stopped = true;
    }
  }

  private static void check(TwoWayContext c, boolean toB) throws ArchiverException {
    List<RefChange> plan = toB ? c.plan.toB() : c.plan.toA();
    if (plan.stream().noneMatch(a -> a.kind().pushes())) {
      return;
    }
    SourceState from = toB ? c.stateA : c.stateB;
    SourceState to = toB ? c.stateB : c.stateA;
    LfsCollection lfs = c.dryRun() ? LfsCollection.NONE : TwoWaySideStep.lfs(c, toB);
    SyncPolicy.check(c.options, c.progress, from.cache(), plan, to.refs().values(), lfs,
        (toB ? c.b : c.a).display());
  }
}
