package io.airgap.archiver.api;

import io.airgap.archiver.git.RefAction;
import java.nio.file.Path;
import java.util.List;

/** What {@code restore} did: the archives applied (in chain order) and each ref's outcome at the target. */
public record RestoreResult(
    List<String> applied, String target, Path workspace, List<RefAction> actions, String head, boolean headSet,
    boolean dryRun) {
  public RestoreResult {
    applied = List.copyOf(applied);
    actions = List.copyOf(actions);
  }

  public long count(RefAction.Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).count();
  }
}
