package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.Step;
import io.airgap.archiver.steps.StepRunner;
import java.util.Comparator;
import java.util.List;

/**
 * Bidirectional sync as one list of steps: fetch both sides, plan against the last synced state,
 * hold both directions to the content policy, carry A's changes to B and B's to A (LFS objects first), then save the new state. A dry run walks
 * the same list; the plan is real, the pushes and the state file describe themselves.
 */
public final class TwoWaySteps {
  static final List<Step<TwoWayContext>> STEPS = List.of(new FetchBothStep(), new TwoWayPlanStep(),
      new TwoWayPolicyStep(), new TwoWaySideStep(true), new TwoWaySideStep(false), new SaveStateStep());

  private TwoWaySteps() {}

  public static TwoWayContext run(SyncOptions options, ProgressListener progress) throws ArchiverException {
    RemoteAccess source = RemoteAccess.of(options.source(), options.env(), "SOURCE_", options.credentialScope(), progress);
    TwoWayContext context = new TwoWayContext(options, source, progress);
    SourceMirror mirror = new SourceMirror(options.cacheRoot(), progress);
    // both caches are locked, always in the same order, so two runs on the same pair cannot deadlock
    List<GitRemote> sides = List.of(options.source(), options.targets().get(0).access().remote()).stream()
        .sorted(Comparator.comparing(GitRemote::display)).toList();
    try (ExclusiveLock first = ExclusiveLock.acquire(mirror.lockFileFor(sides.get(0)),
            "the cache of " + sides.get(0).display(), progress);
        ExclusiveLock second = ExclusiveLock.acquire(mirror.lockFileFor(sides.get(1)),
            "the cache of " + sides.get(1).display(), progress)) {
      return new StepRunner<>(STEPS, progress).run(context);
    } finally {
      context.close();
    }
  }
}
