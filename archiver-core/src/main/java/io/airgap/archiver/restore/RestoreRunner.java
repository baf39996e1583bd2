package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.deps.DependencyLayout;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitFailures;
import io.airgap.archiver.git.StaleGitLocks;
import io.airgap.archiver.git.PushPlanner;
import io.airgap.archiver.git.RefAction;
import io.airgap.archiver.git.RestoredPacks;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.progress.Steps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Restore's steps: order the archives by their chain, verify and apply each to the workspace,
 * then plan, upload LFS objects, and push the resulting state to the target. Nothing is pushed
 * unless every archive verified and applied, and no ref before the LFS objects it needs.
 */
public final class RestoreRunner {
  private final TrustPolicy trust;
  private final ProgressListener progress;
  private LfsTarget lfsTarget;
  private boolean allowRollback;
  private Path dependenciesDir;

  public RestoreRunner(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  /** Where the archive's LFS objects go; without one, an archive that carries LFS objects is refused. */
  public RestoreRunner lfsTarget(LfsTarget target) {
    this.lfsTarget = target;
    return this;
  }

  /** Lays out each archive's vendored dependencies in {@code dir} (null: not at all). */
  public RestoreRunner dependenciesDir(Path dir) {
    this.dependenciesDir = dir;
    return this;
  }

  /** Lets archives older than the workspace's newest be applied (a deliberate rollback). */
  public RestoreRunner allowRollback(boolean allow) {
    this.allowRollback = allow;
    return this;
  }

  /** The outcome of one restore. */
  public record Outcome(List<String> applied, WorkspaceState state, Path workspace, List<RefAction> actions,
      boolean headSet) {}

  /**
   * @param workspaceDir the workspace, or null to use one per source under {@code workspacesRoot}
   */
  public Outcome run(List<ArchiveHeader> archives, Path workspaceDir, Path workspacesRoot,
      TargetRepository target, ConflictPolicy policy, boolean prune) throws ArchiverException {
    Manifest first = archives.get(0).manifest();
    Path wsDir = workspaceDir != null ? workspaceDir : defaultWorkspace(workspacesRoot, first);
    try {
      Files.createDirectories(wsDir);
    } catch (IOException e) {
      throw new OperationFailedException("cannot create the workspace " + wsDir + ": " + e.getMessage(), e);
    }
    try (ExclusiveLock lock = ExclusiveLock.acquire(wsDir.resolve(".lock"), "the workspace " + wsDir, progress)) {
      FileTrees.deleteQuietly(wsDir.resolve("staging"));
      StaleGitLocks.clear(wsDir.resolve("repo.git"), progress);
      return runLocked(archives, wsDir, target, policy, prune);
    }
  }

  private Outcome runLocked(List<ArchiveHeader> archives, Path wsDir, TargetRepository target, ConflictPolicy policy,
      boolean prune) throws ArchiverException {
    WorkspaceState state = WorkspaceState.load(wsDir);
    for (ArchiveHeader h : archives) {
      state.requireSource(wsDir, h.manifest().source() == null ? null : h.manifest().source().id());
    }
    ChainPlanner.Plan plan = ChainPlanner.plan(archives, state, progress);
    if (!allowRollback) {
      RollbackGuard.check(plan.archives(), state);
    }
    Steps steps = new Steps(progress, plan.archives().size() + 1);
    List<String> applied = new ArrayList<>();
    List<Path> packs = new ArrayList<>();
    try (Workspace workspace = Workspace.open(wsDir)) {
      boolean selfContained = !plan.onTarget() && workspace.holdsNoObjects();
      if (plan.onTarget()) {
        progress.info("the workspace is empty and the first archive is incremental: fetching what "
            + target.remote().display() + " already holds");
        target.fetchInto(workspace.repository());
      }
      for (ArchiveHeader header : plan.archives()) {
        state = steps.run("Verifying and applying " + header.input().name(),
            () -> apply(header, workspace, WorkspaceState.load(wsDir), packs));
        applied.add(header.archiveId());
      }
      if (state.isEmpty()) {
        throw new OperationFailedException("the workspace " + wsDir + " holds no restored archive to push");
      }
      WorkspaceState finalState = state;
      RestoredPacks restored = new RestoredPacks(packs, selfContained);
      List<RefAction> actions = steps.run("Pushing to " + target.remote().display(),
          () -> pushWithRetry(workspace, finalState, target, policy, prune, restored));
      boolean headSet = target.setHeadIfLocal(state.head());
      return new Outcome(applied, state, wsDir, actions, headSet);
    }
  }

  private WorkspaceState apply(ArchiveHeader header, Workspace workspace, WorkspaceState state, List<Path> packs)
      throws ArchiverException {
    Path staging;
    try {
      Path stagingRoot = Files.createDirectories(workspace.dir().resolve("staging"));
      staging = Files.createDirectory(stagingRoot.resolve(UUID.randomUUID().toString()));
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a staging folder in " + workspace.dir() + ": " + e.getMessage(), e);
    }
    try (InputStream in = header.input().open();
        StagedArchive staged = new ArchiveStager(trust, progress).withDependencies(dependenciesDir != null)
            .stage(in, header.input().size(), staging)) {
      Manifest manifest = staged.verified().manifest();
      if (!staged.verified().archiveId().equals(header.archiveId())) {
        throw new io.airgap.archiver.base.UntrustedArchiveException(header.input().name() + " changed while it was being restored");
      }
      packs.addAll(workspace.applyBundle(staged.file(ArchiveLayout.BUNDLE), true, progress, baseHint(manifest)));
      LfsUploader.moveStagedObjectsToWorkspace(staged.dir(), workspace.dir(), manifest, progress);
      if (dependenciesDir != null) {
        new DependencyLayout(dependenciesDir, progress).install(staged.file(ArchiveLayout.DEPENDENCIES), manifest);
      }
      WorkspaceState next = state.withApplied(manifest.source() == null ? null : manifest.source().id(),
          header.archiveId(), manifest.refs(), manifest.head(), manifest.createdAt(), manifest.lfs());
      next.save(workspace.dir());
      return next;
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + header.input().name() + ": " + e.getMessage(), e);
    }
  }

  private static String baseHint(Manifest manifest) {
    return manifest.base() == null ? null : manifest.base().archiveId();
  }

  /**
   * A dropped connection mid-push is retried from the top: the target's refs are listed and the plan
   * made again, so refs the first attempt already moved are simply unchanged the second time.
   */
  private List<RefAction> pushWithRetry(Workspace workspace, WorkspaceState state, TargetRepository target,
      ConflictPolicy policy, boolean prune, RestoredPacks packs) throws ArchiverException {
    try {
      return Retry.standard().run("pushing to " + target.remote().display(),
          e -> e instanceof OperationFailedException && e.getCause() instanceof Exception cause
              && GitFailures.isRetryable(cause),
          progress, () -> push(workspace, state, target, policy, prune, packs));
    } catch (ArchiverException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while pushing", e);
    } catch (Exception e) {
      throw new OperationFailedException("push failed: " + e.getMessage(), e);
    }
  }

  private List<RefAction> push(Workspace workspace, WorkspaceState state, TargetRepository target,
      ConflictPolicy policy, boolean prune, RestoredPacks packs) throws ArchiverException {
    if (target.createIfLocalAndMissing(state.head())) {
      progress.info("created the bare repository " + target.remote().display());
    }
    Map<String, String> targetRefs = target.listRefs(workspace.repository());
    List<RefAction> actions;
    try {
      actions = new PushPlanner(workspace.repository()).plan(state.refs(), targetRefs, policy, prune);
    } catch (IOException e) {
      throw new OperationFailedException("could not compare the workspace with the target: " + e.getMessage(), e);
    }
    List<String> conflicts = actions.stream().filter(a -> a.kind() == RefAction.Kind.CONFLICT).map(RefAction::ref).toList();
    if (!conflicts.isEmpty()) {
      throw new RefConflictException(conflicts.size() + " ref(s) at the target have history the archive does not"
          + " contain, so nothing was pushed: " + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
          + (conflicts.size() > 20 ? ", ..." : "")
          + ". Use --on-conflict source-wins to overwrite them or target-wins to keep them.", conflicts);
    }
    LfsUploader.beforePush(lfsTarget, workspace.dir(), state.lfs(), progress);
    target.push(workspace.repository(), actions, packs);
    return actions;
  }

  /** One workspace per source under the workspaces root, named after the source. */
  public static Path defaultWorkspace(Path workspacesRoot, Manifest manifest) {
    return workspacesRoot.resolve(workspaceName(manifest));
  }

  private static String workspaceName(Manifest manifest) {
    String name = manifest.source() == null || manifest.source().name() == null ? "repository" : manifest.source().name();
    String id = manifest.source() == null || manifest.source().id() == null ? "" : manifest.source().id();
    String suffix = id.isEmpty() ? "" : "-" + id.substring(Math.max(0, id.length() - 12));
    return name.replaceAll("[^A-Za-z0-9._-]+", "-") + suffix;
  }
}
