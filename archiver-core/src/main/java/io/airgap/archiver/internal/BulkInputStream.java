package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Base of the streams that check, count or hash in one bulk read: single-byte reads and skips go
 * through it (as {@link InputStream}'s do), so no byte escapes the check, and mark/reset stay unsupported.
 */
public abstract class BulkInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    return len == 0 ? 0 : readSome(b, off, len);
  }

  /** Reads at least one of {@code len > 0} bytes, or returns -1 at the end. */
  protected abstract int readSome(byte[] b, int off, int len) throws IOException;
}
