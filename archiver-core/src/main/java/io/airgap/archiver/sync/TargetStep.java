package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.git.CommitCounter;
import io.airgap.archiver.git.PushPlanner;
import io.airgap.archiver.git.RestoredPacks;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Brings one target to the source's refs: compares refs under the conflict policy (a conflict under
 * {@code fail} leaves the target untouched), uploads the LFS objects it lacks, then pushes from the
 * cache mirror; a missing target is created first. A target the policy step refused is left alone.
 * Whatever goes wrong becomes this target's outcome, so the next target still runs.
 */
final class TargetStep implements Step<SyncContext> {
  private final int index;

  TargetStep(int index) {
    this.index = index;
  }

  @Override
  public String title(SyncContext c) {
    return "Syncing " + target(c).display();
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(SyncContext c) {
    sync(c, false);
  }

  @Override
  public void describe(SyncContext c) {
    sync(c, true);
  }

  private SyncTarget target(SyncContext c) {
    return c.options.targets().get(index);
  }

  private void sync(SyncContext c, boolean dryRun) {
    SyncTarget target = target(c);
    if (c.settled.containsKey(index)) {
      c.outcomes.add(c.settled.get(index));
      return;
    }
    List<RefChange> actions = List.of();
    try {
      actions = plan(c, target);
      List<String> conflicts = actions.stream().filter(a -> a.kind() == RefChange.Kind.CONFLICT).map(RefChange::ref).toList();
      if (!conflicts.isEmpty()) {
        String message = conflicts.size() + " ref(s) at " + target.display() + " have history the source does not"
            + " contain, so nothing was pushed there: " + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
            + (conflicts.size() > 20 ? ", ..." : "") + ". Use --on-conflict source-wins to overwrite them or target-wins"
            + " to keep them.";
        c.progress.warn(message);
        c.outcomes.add(new TargetOutcome(target.display(), TargetOutcome.Status.CONFLICT, actions, message));
        return;
      }
      long pushes = actions.stream().filter(a -> a.kind().pushes()).count();
      if (pushes == 0) {
        c.progress.info(target.display() + " already has the source's refs; nothing to push");
      } else if (dryRun) {
        c.progress.info("dry run: would " + (target.repository().missing() ? "create " + target.display() + ", " : "")
            + "upload the Git LFS objects " + target.display() + " lacks and push " + pushes
            + " ref change(s); nothing was changed");
      } else {
        // before the LFS objects: a file:// target's objects go inside the repository folder
        if (target.repository().createIfMissing(c.head())) {
          c.progress.info("created the repository " + target.display());
        }
        if (!c.lfs.carried().isEmpty()) {
          new LfsUploader(target.lfs(), c.progress).upload(c.lfs.files()::get, c.lfs.carried());
        }
        actions = target.repository().pushRetrying(c.state.cache(), actions, () -> plan(c, target),
            new RestoredPacks(List.of(), false));
        target.repository().setHeadIfLocal(c.head());
        c.outcomes.add(new TargetOutcome(target.display(), TargetOutcome.Status.OK, actions, null,
            CommitCounter.count(c.state.cache().getDirectory().toPath(), actions)));
        return;
      }
      c.outcomes.add(new TargetOutcome(target.display(), TargetOutcome.Status.OK, actions, null));
    } catch (RefConflictException e) {
      c.progress.warn(e.getMessage());
      c.outcomes.add(new TargetOutcome(target.display(), TargetOutcome.Status.CONFLICT, e.refs().stream()
          .map(ref -> new RefChange(ref, null, c.state.refs().get(ref), RefChange.Kind.CONFLICT)).toList(), e.getMessage()));
    } catch (ArchiverException | RuntimeException e) {
      c.progress.warn("sync to " + target.display() + " failed: " + e.getMessage());
      c.outcomes.add(new TargetOutcome(target.display(), TargetOutcome.Status.FAILED, actions, e.getMessage()));
    }
  }

  static List<RefChange> plan(SyncContext c, SyncTarget target) throws ArchiverException {
    Map<String, String> targetRefs = target.repository().refsOrNone(c.state.cache());
    try {
      return new PushPlanner(c.state.cache()).plan(c.state.refs(), targetRefs, c.options.conflictPolicy(),
          c.options.prune());
    } catch (IOException e) {
      throw new OperationFailedException("could not compare the source with " + target.display() + ": "
          + e.getMessage(), e);
    }
  }
}
