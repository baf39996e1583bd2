package io.airgap.archiver.storage;

import java.io.IOException;

/**
 * A split archive that cannot be trusted as written: its parts index is not JSON, has keys or values
 * no writer produces, names parts that are not plain file names or not its own, or a part it lists is
 * missing. An {@link IOException} so that it can surface from the readers; callers map it to an
 * untrustworthy archive (exit 3), never to a usage error.
 */
public final class DamagedSplitArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  public DamagedSplitArchiveException(String message) {
    super(message);
  }

  public DamagedSplitArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
