package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.PublishReport;
import io.airgap.archiver.steps.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One restore run: its options, the workspace it applies archives to (in a dry run, a scratch
 * copy that borrows the real workspace's objects), and what each step produced for the next.
 */
public final class RestoreContext implements StepContext {
  final RestoreOptions options;
  final ProgressListener progress;
  /** The workspace the user sees; in a dry run only read. */
  final Path workspaceDir;
  final Workspace workspace;

  WorkspaceState state;
  ChainPlanner.Plan chain;
  boolean selfContained;
  final List<String> applied = new ArrayList<>();
  final List<Path> packs = new ArrayList<>();
  List<RefChange> actions = List.of();
  boolean headSet;
  PublishReport published = PublishReport.EMPTY;

  RestoreContext(RestoreOptions options, Path workspaceDir, Workspace workspace, ProgressListener progress)
      throws io.airgap.archiver.base.OperationFailedException {
    this.options = options;
    this.workspaceDir = workspaceDir;
    this.workspace = workspace;
    this.progress = progress;
    this.state = WorkspaceState.load(workspace.dir());
  }

  @Override
  public boolean finished() {
    return false;
  }

  @Override
  public boolean dryRun() {
    return options.dryRun();
  }

  List<ArchiveHeader> archives() {
    return chain.archives();
  }

  /** The archives applied, in chain order. */
  public List<String> applied() {
    return List.copyOf(applied);
  }

  /** Each ref's change at the target (planned, in a dry run). */
  public List<RefChange> actions() {
    return actions;
  }

  public Path workspaceDir() {
    return workspaceDir;
  }

  /** The default branch the restored state names. */
  public String head() {
    return state.head();
  }

  /** The newest archive the workspace's state is made of (applied in this run or before); null if none. */
  public String lastApplied() {
    return state.lastApplied();
  }

  /** The source the workspace holds, as its archives name it; null if unknown. */
  public String sourceId() {
    return state.sourceId();
  }

  /** How many LFS objects the applied chain carries (all made sure of at the target before the push). */
  public int lfsObjects() {
    return state.lfs().size();
  }

  /** The dependencies published to internal registries (checked only, in a dry run). */
  public PublishReport published() {
    return published;
  }

  /** Where the applied archives' dependencies gather for publishing: under staging, so each run starts without. */
  Path publishDir() {
    return workspace.dir().resolve("staging").resolve("publish-deps");
  }

  /** Whether the type of run publishes dependencies at all. */
  boolean publishes() {
    return !options.publishTargets().isEmpty();
  }

  /** Whether the target's default branch was set (local targets only). */
  public boolean headSet() {
    return headSet;
  }
}
