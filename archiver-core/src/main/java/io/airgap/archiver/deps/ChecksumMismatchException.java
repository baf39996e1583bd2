package io.airgap.archiver.deps;

/** A registry served an artifact whose content does not match its declared checksum: never tolerated. */
public final class ChecksumMismatchException extends Exception {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }
}
