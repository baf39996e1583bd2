package io.airgap.archiver.storage;

import java.io.IOException;

/**
 * Data read back did not have the SHA-256 it was stored with. An {@link IOException} so that it can
 * surface from {@code InputStream.read}; callers map it to an integrity failure.
 */
public class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }
}
