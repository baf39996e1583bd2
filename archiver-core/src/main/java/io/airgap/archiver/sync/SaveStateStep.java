package io.airgap.archiver.sync;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.steps.Step;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Remembers each ref's value where both sides now agree, once both directions succeeded: the next
 * run's three-way comparison starts from here. After a failure nothing is saved, so the same changes
 * are planned again.
 */
final class SaveStateStep implements Step<TwoWayContext> {
  @Override
  public String title(TwoWayContext c) {
    return "Saving the sync state";
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(TwoWayContext c) throws ArchiverException {
    if (c.outcomes.stream().anyMatch(o -> o.status() != TargetOutcome.Status.OK)) {
      c.progress.warn("the sync state was not updated, since one side was not synced: the next run plans again");
      return;
    }
    Map<String, String> a = applied(c.stateA.refs(), c.plan.toA());
    Map<String, String> b = applied(c.stateB.refs(), c.plan.toB());
    Map<String, String> agreed = new TreeMap<>();
    a.forEach((ref, id) -> {
      if (Objects.equals(id, b.get(ref))) {
        agreed.put(ref, id);
      }
    });
    c.stateFile.save(agreed);
    c.progress.debug("sync state: " + Plural.of(agreed.size(), "ref") + " in " + c.stateFile.file());
  }

  @Override
  public void describe(TwoWayContext c) {
    c.progress.info("dry run: the sync state " + c.stateFile.file() + " is unchanged");
  }

  private static Map<String, String> applied(Map<String, String> refs, java.util.List<RefChange> actions) {
    Map<String, String> result = new TreeMap<>(refs);
    for (RefChange action : actions) {
      if (action.archivedId() == null) {
        result.remove(action.ref());
      } else {
        result.put(action.ref(), action.archivedId());
      }
    }
    return result;
  }
}
