package io.airgap.archiver.api;

import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.publish.PublishReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code restore} did — or, in a dry run, would do: the archives applied (in chain order) and
 * each ref's change at the target; the newest archive the restored state is made of (applied now or
 * before); the receipt written, if one was asked for (else null); the dependencies published to
 * internal registries.
 */
public record RestoreResult(
    List<String> applied, String target, Path workspace, List<RefChange> changes, String head, boolean headSet,
    boolean dryRun, String lastArchive, Path receipt, PublishReport published) {
  public RestoreResult {
    published = published == null ? PublishReport.EMPTY : published;
    applied = List.copyOf(applied);
    changes = List.copyOf(changes);
  }

  public long count(RefChange.Kind kind) {
    return changes.stream().filter(a -> a.kind() == kind).count();
  }
}
