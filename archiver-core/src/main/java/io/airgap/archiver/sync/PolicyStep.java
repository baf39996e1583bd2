package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.steps.Step;
import java.util.List;

/**
 * Before any LFS object is uploaded or ref pushed, holds what each target would get to the content
 * policy. A target whose push breaks it is settled here as {@code POLICY} (its findings named) and
 * its target step leaves it untouched; new content that breaks it is beyond every target, so none gets it.
 */
final class PolicyStep implements Step<SyncContext> {
  @Override
  public String title(SyncContext c) {
    return "Checking the content policy " + c.options.policy().sha256().substring(0, 12);
  }

  @Override
  public boolean enabled(SyncContext c) {
    return c.options.policy() != null;
  }

  @Override
  public void run(SyncContext c) {
    for (int i = 0; i < c.options.targets().size(); i++) {
      SyncTarget target = c.options.targets().get(i);
      List<RefChange> plan = List.of();
      try {
        plan = TargetStep.plan(c, target);
        if (plan.stream().noneMatch(a -> a.kind().pushes())) {
          continue; // nothing would cross
        }
        SyncPolicy.check(c.options, c.progress, c.state.cache(), plan, List.of(), c.lfs, target.display());
      } catch (PolicyViolationException e) {
        c.progress.warn(e.getMessage());
        c.settled.put(i, new TargetOutcome(target.display(), TargetOutcome.Status.POLICY, List.of(), e.getMessage(),
            0, e.findings()));
      } catch (ArchiverException | RuntimeException e) {
        // unchecked is unsafe to push: the target is reported as failed, never pushed unchecked
        c.progress.warn("sync to " + target.display() + " failed: " + e.getMessage());
        c.settled.put(i, new TargetOutcome(target.display(), TargetOutcome.Status.FAILED, plan, e.getMessage()));
      }
    }
  }
}
