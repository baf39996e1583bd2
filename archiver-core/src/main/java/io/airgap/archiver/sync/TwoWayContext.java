package io.airgap.archiver.sync;

import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One bidirectional sync run between side A (the source) and side B (the one target): both sides'
 * cache mirrors, the last synced state, the plan, and each side's outcome.
 */
public final class TwoWayContext implements StepContext {
  final SyncOptions options;
  final ProgressListener progress;
  /** Side A as a target: the source's credentials, its LFS endpoint. */
  final SyncTarget a;
  final SyncTarget b;
  final SyncStateFile stateFile;

  SourceState stateA;
  SourceState stateB;
  Map<String, String> last = Map.of();
  TwoWayPlanner.Plan plan;
  boolean pushedA;
  boolean pushedB;
  boolean stopped;
  /** Each direction's LFS objects once collected (null until then). */
  io.airgap.archiver.lfs.LfsCollection lfsToA;
  io.airgap.archiver.lfs.LfsCollection lfsToB;
  final List<TargetOutcome> outcomes = new ArrayList<>();

  TwoWayContext(SyncOptions options, RemoteAccess sourceAccess, ProgressListener progress)
      throws io.airgap.archiver.base.InvalidRequestException {
    this.options = options;
    this.progress = progress;
    this.a = new SyncTarget(sourceAccess, new TargetRepository(sourceAccess, progress),
        LfsTarget.of(sourceAccess, options.lfsOptions().url(), options.lfsOptions().transfers()));
    this.b = options.targets().get(0);
    this.stateFile = new SyncStateFile(options.cacheRoot(), a.display(), b.display());
  }

  @Override
  public boolean finished() {
    return stopped;
  }

  @Override
  public boolean dryRun() {
    return options.dryRun();
  }

  /** Side A's outcome (changes made to the source), then side B's. */
  public List<TargetOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  void close() {
    for (SourceState s : new SourceState[] {stateA, stateB}) {
      if (s != null && s.cache() != null) {
        s.cache().close();
      }
    }
  }
}
