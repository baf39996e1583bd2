package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads every mirror's status for {@code mirror status}, the HTTP API and the metrics. */
public final class MirrorStatuses {
  private MirrorStatuses() {}

  public static List<MirrorStatus> of(MirrorFile file, MirrorStateStore store) throws ArchiverException {
    List<MirrorStatus> all = new ArrayList<>();
    for (MirrorSpec spec : file.mirrors()) {
      MirrorStatus s = store.load(spec);
      String nextDue = s.lastAttempt() == null ? Instant.EPOCH.toString()
          : MirrorStatus.iso(Instant.parse(s.lastAttempt()).plus(spec.interval()));
      all.add(new MirrorStatus(s.name(), s.state(), s.sourceInUse(), s.lastAttempt(), s.lastSuccess(), nextDue,
          s.lastError(), s.errorType(), s.consecutiveFailures(), s.primaryFailures(), s.lastDurationSeconds(),
          s.commitsSynced(), s.branchesSynced(), s.runs(), s.successes(), s.failures()));
    }
    return all;
  }
}
