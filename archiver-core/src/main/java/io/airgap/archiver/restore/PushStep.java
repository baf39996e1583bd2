package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.GitFailures;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.RestoredPacks;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.Retry;
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
    pushWithRetry(c, new RestoredPacks(c.packs, c.selfContained));
    c.headSet = target.setHeadIfLocal(c.state.head());
  }

  @Override
  public void describe(RestoreContext c) {
    long changes = c.actions.stream().filter(a -> a.kind().pushes()).count();
    c.progress.info("dry run: would push " + changes + " ref change(s) to " + c.options.target().remote().display()
        + "; nothing was changed");
  }

  /**
   * A dropped connection mid-push is retried from the top: the target's refs are listed and the plan
   * made again, so refs the first attempt already moved are simply unchanged the second time.
   */
  private static void pushWithRetry(RestoreContext c, RestoredPacks packs) throws ArchiverException {
    boolean[] first = {true};
    try {
      Retry.standard().run("pushing to " + c.options.target().remote().display(),
          e -> e instanceof OperationFailedException && e.getCause() instanceof Exception cause
              && GitFailures.isRetryable(cause),
          c.progress, () -> {
            List<RefChange> actions = first[0] ? c.actions : RefPlanStep.plan(c);
            first[0] = false;
            c.actions = actions;
            c.options.target().push(c.workspace.repository(), actions, packs);
            return null;
          });
    } catch (ArchiverException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while pushing", e);
    } catch (Exception e) {
      throw new OperationFailedException("push failed: " + e.getMessage(), e);
    }
  }
}
