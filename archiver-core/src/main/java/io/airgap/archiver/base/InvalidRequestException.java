package io.airgap.archiver.base;


/** The caller asked for something impossible: bad option values, missing files, wrong paths. */
public class InvalidRequestException extends ArchiverException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
