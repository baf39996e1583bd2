package io.airgap.archiver.base;


/** The archive failed an integrity or signature check and must not be used. */
public class UntrustedArchiveException extends ArchiverException {
  private static final long serialVersionUID = 1L;

  public UntrustedArchiveException(String message) {
    super(message);
  }

  public UntrustedArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
