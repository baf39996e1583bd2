package io.airgap.archiver.api;

import io.airgap.archiver.git.RefAction;
import java.nio.file.Path;
import java.util.List;

/** What {@code restore} did at the target, ref by ref. */
public record RestoreResult(
    String archiveId, String target, Path workspace, List<RefAction> actions, String head, boolean headSet) {
  public RestoreResult {
    actions = List.copyOf(actions);
  }

  public long count(RefAction.Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).count();
  }
}
