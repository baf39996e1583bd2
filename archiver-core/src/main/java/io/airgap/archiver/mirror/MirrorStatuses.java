package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import java.util.ArrayList;
import java.util.List;

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
}
