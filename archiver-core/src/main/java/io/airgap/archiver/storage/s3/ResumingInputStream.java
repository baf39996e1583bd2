package io.airgap.archiver.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import io.airgap.archiver.internal.BulkInputStream;

/**
 * Reads an object of known size over one or more connections: when a connection breaks off, or ends
 * early, it opens another from the current offset (a ranged GET). The attempts are bounded; the
 * count starts afresh whenever a connection delivered data, so a long download survives several
 * drops.
 */
final class ResumingInputStream extends BulkInputStream {
  private static final long BACKOFF_MILLIS = 200;

  /** Opens the object from {@code offset} to its end. */
  @FunctionalInterface
  interface Opener {
    InputStream open(long offset) throws IOException;
  }

  /** A failure that another attempt cannot fix, e.g. the object was replaced meanwhile. */
  static final class PermanentFailure extends IOException {
    private static final long serialVersionUID = 1L;

    PermanentFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Opener opener;
  private final long size;
  private final int retries;
  private final String what;
  private InputStream current;
  private long position;
  private int failures;
  private boolean closed;

  /**
   * @param retries how many times in a row a failed or short connection is replaced
   * @param what names the object in messages
   */
  ResumingInputStream(Opener opener, long size, int retries, String what) {
    this.opener = opener;
    this.size = size;
    this.retries = retries;
    this.what = what;
  }

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (position < size) {
      IOException failure;
      try {
        if (current == null) {
          current = opener.open(position);
        }
        int n = current.read(b, off, (int) Math.min(len, size - position));
        if (n > 0) {
          position += n;
          failures = 0;
          return n;
        }
        failure = new IOException("the connection ended at byte " + position + " of " + size);
      } catch (PermanentFailure e) {
        closeCurrent();
        throw e;
      } catch (IOException e) {
        failure = e;
      }
      closeCurrent();
      if (++failures > retries) {
        throw new IOException(
            "reading %s failed at byte %s of %s after %s attempts: %s"
                .formatted(what, position, size, failures, failure.getMessage()),
            failure);
      }
      pause(failures);
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // The connection is being discarded either way.
      }
      current = null;
    }
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(BACKOFF_MILLIS * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to resume a download");
    }
  }
}
