package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every mirror's status for {@code mirror status}, the HTTP API and the metrics. */
public final class MirrorStatuses {
  private MirrorStatuses() {}

  public static List<MirrorStatus> of(MirrorFile file, MirrorStateStore store) throws ArchiverException {
    List<MirrorStatus> all = new ArrayList<>();
    for (MirrorSpec spec : file.mirrors()) {
      all.add(store.load(spec));
    }
    return all;
  }

  /** How many mirrors' last run failed (see {@link MirrorStatus#lastRunFailed}). */
  public static long failing(List<MirrorStatus> statuses) {
    return statuses.stream().filter(MirrorStatus::lastRunFailed).count();
  }

  /**
   * The statuses as {@code mirror status --json} and {@code GET /api/v1/mirrors} give them: {@code
   * ok} is false when any mirror's last run failed, so a check that reads only {@code ok} sees it.
   */
  public static Map<String, Object> document(List<MirrorStatus> statuses) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", failing(statuses) == 0);
    doc.put("mirrors", statuses);
    return doc;
  }
}
