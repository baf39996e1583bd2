package io.airgap.archiver.archive;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.IOException;

/**
 * The archive's bytes break the format in a way that can only be damage or an attack. It travels
 * as an {@link IOException} through the gzip and tar streams and becomes an
 * {@link UntrustedArchiveException} with this message at the reader's boundary.
 */
final class ArchiveFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  ArchiveFormatException(String message) {
    super(message);
  }

  /** The first ArchiveFormatException in {@code e}'s cause chain, or null. */
  static ArchiveFormatException find(Throwable e) {
    return Causes.find(e, ArchiveFormatException.class);
  }
}
