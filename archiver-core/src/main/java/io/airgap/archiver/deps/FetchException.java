package io.airgap.archiver.deps;

/** An artifact could not be fetched (not found, refused, unreachable); the message names it, never credentials. */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String reason;
  private final boolean retryable;

  public FetchException(String what, String reason, boolean retryable) {
    super(what + ": " + reason);
    this.reason = reason;
    this.retryable = retryable;
  }

  /** The problem without the artifact's name. */
  public String reason() {
    return reason;
  }

  /** Whether trying again may help (connection trouble, 5xx, 429) rather than not (404, 401). */
  public boolean retryable() {
    return retryable;
  }
}
