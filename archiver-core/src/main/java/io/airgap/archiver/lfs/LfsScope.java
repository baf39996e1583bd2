package io.airgap.archiver.lfs;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.Locale;

/** Which LFS objects an archive carries: those of every commit reachable from the refs, or of the tips only. */
public enum LfsScope {
  /** Every tree in the history of every archived ref: any old commit can be checked out offline. */
  HISTORY,
  /** Only what the ref tips check out: smaller, but older commits lack their LFS content. */
  TIPS;

  public static LfsScope parse(String value) throws InvalidRequestException {
    if (value == null || value.isBlank()) {
      return HISTORY;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("--lfs-scope must be 'history' or 'tips', not '" + value + "'");
    }
  }
}
