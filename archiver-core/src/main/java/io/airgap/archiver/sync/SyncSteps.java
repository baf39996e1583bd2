package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.Step;
import io.airgap.archiver.steps.StepRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * One-way sync as one list of steps: fetch the source into its cache mirror, collect its LFS objects,
 * hold each target's push to the content policy, then one step per target (plan, LFS upload, push), each target independent of the others. A dry
 * run walks the same list; the target steps plan against the real targets and change nothing.
 */
public final class SyncSteps {
  private SyncSteps() {}

  /** In run order: fetch, LFS, the content policy, then the targets as given. */
  static List<Step<SyncContext>> steps(SyncOptions options) {
    List<Step<SyncContext>> steps = new ArrayList<>(List.of(new FetchSourceStep(), new LfsCollectStep(),
        new PolicyStep()));
    for (int i = 0; i < options.targets().size(); i++) {
      steps.add(new TargetStep(i));
    }
    return steps;
  }

  public static SyncContext run(SyncOptions options, ProgressListener progress) throws ArchiverException {
    SourceMirror mirror = new SourceMirror(options.cacheRoot(), progress);
    RemoteAccess access = RemoteAccess.of(options.source(), options.env(), "SOURCE_", options.credentialScope(), progress);
    SyncContext context = new SyncContext(options, access, progress);
    try (ExclusiveLock lock = ExclusiveLock.acquire(mirror.lockFileFor(options.source()),
        "the cache of " + options.source().display(), progress)) {
      return new StepRunner<>(steps(options), progress).run(context);
    } finally {
      context.close();
    }
  }
}
