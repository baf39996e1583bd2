package io.airgap.archiver.base;


/** The operation could not be completed: network, server, disk or source repository trouble. */
public class OperationFailedException extends ArchiverException {
  private static final long serialVersionUID = 1L;

  public OperationFailedException(String message) {
    super(message);
  }

  public OperationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
