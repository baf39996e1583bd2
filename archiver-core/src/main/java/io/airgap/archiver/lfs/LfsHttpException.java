package io.airgap.archiver.lfs;

import java.io.IOException;

/** An LFS server answered with an HTTP error; 5xx, 408 and 429 are worth a retry. */
public final class LfsHttpException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public LfsHttpException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public boolean isAuthFailure() {
    return status == 401 || status == 403;
  }

  /** Whether the same request may succeed later. */
  public static boolean isRetryable(Exception e) {
    if (e instanceof LfsHttpException http) {
      return http.status >= 500 || http.status == 408 || http.status == 429;
    }
    return e instanceof IOException && !(e instanceof CorruptLfsObjectException);
  }
}
