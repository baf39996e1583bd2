package io.airgap.archiver.internal;

import java.io.IOException;

/**
 * Content did not have the checksum it was stored or declared with — an archive part, a stored
 * object, a registry's artifact — and is never tolerated. An {@link IOException} so that it can
 * surface from {@code InputStream.read}; callers map it to an integrity failure.
 */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }
}
