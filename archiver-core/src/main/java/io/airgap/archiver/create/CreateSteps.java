package io.airgap.archiver.create;

import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.Step;
import io.airgap.archiver.steps.StepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The create operation as one list of steps: fetch, base, bundle, LFS, dependencies, policy, manifest,
 * write (and catalog). A dry run walks the same list; the steps that write describe themselves.
 */
public final class CreateSteps {
  /** In run order; add a step here and it is numbered, timed and dry-run with the rest. */
  static final List<Step<CreateContext>> STEPS = List.of(new FetchStep(), new BaseStep(), new BundleStep(),
      new LfsStep(), new VendorStep(), new PolicyStep(), new ManifestStep(), new WriteStep());

  private CreateSteps() {}

  public static CreateContext run(CreateOptions options, ArchiveLocations locations, ProgressListener progress)
      throws ArchiverException {
    SourceMirror mirror = new SourceMirror(options.cacheRoot(), progress);
    RemoteAccess access = RemoteAccess.of(options.remote(), options.env(), "SOURCE_", options.credentialScope(),
        progress);
    CreateContext context = new CreateContext(options, access, locations,
        mirror.workDirFor(options.remote()), progress);
    StepRunner<CreateContext> runner = new StepRunner<>(STEPS, progress);
    if (options.dryRun()) {
      try {
        return runner.run(context);
      } finally {
        context.close();
      }
    }
    options.output().prepare(progress);
    try (ExclusiveLock lock = ExclusiveLock.acquire(mirror.lockFileFor(options.remote()),
        "the cache of " + options.remote().display(), options.lockTimeout(), progress)) {
      Litter.cleanTree(options.cacheRoot(), progress);
      // the scratch folder is this run's only while the lock is held: clean it before releasing
      try {
        FileTrees.deleteRecursively(context.workDir);
        Files.createDirectories(context.workDir);
        return runner.run(context);
      } catch (IOException e) {
        throw new OperationFailedException("could not prepare the scratch folder " + context.workDir + ": "
            + e.getMessage(), e);
      } finally {
        context.close();
        FileTrees.deleteQuietly(context.workDir);
      }
    }
  }
}
