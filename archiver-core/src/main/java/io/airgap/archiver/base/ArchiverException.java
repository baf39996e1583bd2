package io.airgap.archiver.base;

/** Root of every failure the archiver reports: the message says what went wrong and what to do. */
public abstract class ArchiverException extends Exception {
  private static final long serialVersionUID = 1L;

  protected ArchiverException(String message) {
    super(message);
  }

  protected ArchiverException(String message, Throwable cause) {
    super(message, cause);
  }
}
