package io.airgap.archiver.sync;

import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.StepContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One one-way sync run: its options, the source connection, the source's state in the cache mirror,
 * the LFS objects collected for it, and each target's outcome as the target steps finish.
 */
public final class SyncContext implements StepContext {
  final SyncOptions options;
  final RemoteAccess source;
  final ProgressListener progress;

  SourceState state;
  LfsCollection lfs = LfsCollection.NONE;
  final List<TargetOutcome> outcomes = new ArrayList<>();
  /** Targets the policy step already settled (refused, or not checkable), by index: their target steps push nothing. */
  final Map<Integer, TargetOutcome> settled = new HashMap<>();

  SyncContext(SyncOptions options, RemoteAccess source, ProgressListener progress) {
    this.options = options;
    this.source = source;
    this.progress = progress;
  }

  @Override
  public boolean finished() {
    return false;
  }

  @Override
  public boolean dryRun() {
    return options.dryRun();
  }

  /** Each target's outcome, in the order the targets were given. */
  public List<TargetOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** The source's default branch, or null if it names none. */
  public String head() {
    return state == null ? null : state.head();
  }

  void close() {
    if (state != null && state.cache() != null) {
      state.cache().close();
    }
  }
}
