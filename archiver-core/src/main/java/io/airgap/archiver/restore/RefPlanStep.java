package io.airgap.archiver.restore;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.git.PushPlanner;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Compares the restored refs with the target's, ref by ref, under the conflict policy; a conflict
 * stops the run before anything reaches the target, in a dry run exactly as in a real one.
 */
final class RefPlanStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Comparing refs with " + c.options.target().remote().display();
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    c.actions = plan(c);
  }

  /** The per-ref plan against the target as it is now; conflicts under {@code fail} throw. */
  static List<RefChange> plan(RestoreContext c) throws ArchiverException {
    Map<String, String> targetRefs = c.options.target().refsOrNone(c.workspace.repository());
    List<RefChange> actions;
    try {
      actions = new PushPlanner(c.workspace.repository()).plan(c.state.refs(), targetRefs, c.options.conflictPolicy(),
          c.options.prune());
    } catch (IOException e) {
      throw new OperationFailedException("could not compare the workspace with the target: " + e.getMessage(), e);
    }
    List<String> conflicts = actions.stream().filter(a -> a.kind() == RefChange.Kind.CONFLICT).map(RefChange::ref).toList();
    if (!conflicts.isEmpty()) {
      throw new RefConflictException(Plural.of(conflicts.size(), "ref") + " at the target have history the archive does not"
          + " contain, so nothing was pushed: " + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
          + (conflicts.size() > 20 ? ", ..." : "")
          + ". Use --on-conflict source-wins to overwrite them or target-wins to keep them.", conflicts);
    }
    return actions;
  }
}
