package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.StaleGitLocks;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.Step;
import io.airgap.archiver.steps.StepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * The restore operation as one list of steps: chain, required approvals, required policy, apply, compare, content policy,
 * publish dependencies to internal registries, create a missing local target, LFS upload, push. Nothing
 * reaches the target unless every archive verified and applied, and no ref before its LFS objects.
 * A dry run walks the same list against a scratch workspace that borrows the real one's objects,
 * so it verifies, applies and plans exactly as the real run; upload and push describe themselves.
 */
public final class RestoreSteps {
  /** In run order; add a step here and it is numbered, timed and dry-run with the rest. */
  static final List<Step<RestoreContext>> STEPS = List.of(new ChainStep(), new ApprovalStep(), new RequiredPolicyStep(),
      new ApplyStep(), new RefPlanStep(), new PolicyStep(), new PublishDepsStep(), new CreateTargetStep(),
      new LfsUploadStep(), new PushStep());

  private RestoreSteps() {}

  /** @param workspacesRoot where the per-source default workspace lives when the options name none */
  public static RestoreContext run(RestoreOptions options, Path workspacesRoot, ProgressListener progress)
      throws ArchiverException {
    Path wsDir = options.workspace() != null ? options.workspace()
        : defaultWorkspace(workspacesRoot, options.archives().get(0).manifest());
    StepRunner<RestoreContext> runner = new StepRunner<>(STEPS, progress);
    if (options.dryRun()) {
      return dryRun(options, wsDir, runner, progress);
    }
    try {
      Files.createDirectories(wsDir);
    } catch (IOException e) {
      throw new OperationFailedException("cannot create the workspace " + wsDir + ": " + e.getMessage(), e);
    }
    try (ExclusiveLock lock = ExclusiveLock.acquire(wsDir.resolve(".lock"), "the workspace " + wsDir,
        options.lockTimeout(), progress)) {
      FileTrees.deleteQuietly(wsDir.resolve("staging"));
      Litter.cleanTree(wsDir, progress);
      StaleGitLocks.clear(wsDir.resolve("repo.git"), progress);
      try (Workspace workspace = Workspace.open(wsDir)) {
        return runner.run(new RestoreContext(options, wsDir, workspace, progress));
      }
    }
  }

  private static RestoreContext dryRun(RestoreOptions options, Path wsDir, StepRunner<RestoreContext> runner,
      ProgressListener progress) throws ArchiverException {
    Path scratch = wsDir.toAbsolutePath().resolveSibling("." + wsDir.getFileName() + ".dry-run-" + UUID.randomUUID());
    try {
      try (Workspace workspace = Workspace.openBorrowing(scratch, wsDir.resolve("repo.git"))) {
        Path state = wsDir.resolve(WorkspaceState.FILE);
        if (Files.exists(state)) {
          Files.copy(state, scratch.resolve(WorkspaceState.FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        return runner.run(new RestoreContext(options, wsDir, workspace, progress));
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the workspace " + wsDir + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  /** One workspace per source under the workspaces root, named after the source. */
  public static Path defaultWorkspace(Path workspacesRoot, Manifest manifest) {
    String name = manifest.source() == null || manifest.source().name() == null ? "repository" : manifest.source().name();
    String id = manifest.source() == null || manifest.source().id() == null ? "" : manifest.source().id();
    String suffix = id.isEmpty() ? "" : "-" + id.substring(Math.max(0, id.length() - 12));
    return workspacesRoot.resolve(name.replaceAll("[^A-Za-z0-9._-]+", "-") + suffix);
  }
}
