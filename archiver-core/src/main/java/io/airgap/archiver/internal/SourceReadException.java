package io.airgap.archiver.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Marks a failure reading the caller's content (the source of a copy or an upload), so that once a
 * sink, a parser or an SDK has wrapped it, it is not mistaken for a failure of the disk, the network
 * or the archive's integrity — and the reverse.
 */
public final class SourceReadException extends IOException {
  private static final long serialVersionUID = 1L;

  public SourceReadException(IOException cause) {
    super(cause.getMessage(), cause);
  }

  /** What reading the source threw. */
  public IOException source() {
    return (IOException) getCause();
  }

  /** {@code in}, with its read failures marked; {@code close} is passed on only if {@code closes}. */
  public static Marking marking(InputStream in, boolean closes) {
    return new Marking(in, closes);
  }

  /**
   * Content whose read failures become {@link SourceReadException}s (a checksum mismatch too: it
   * stays in the cause chain). The first failure is kept, because a client that retries may report
   * only that the stream could not be reset.
   */
  public static final class Marking extends FilterInputStream {
    private final boolean closes;
    private volatile IOException failure;

    private Marking(InputStream in, boolean closes) {
      super(in);
      this.closes = closes;
    }

    /** The first failure reading the content, or null. */
    public IOException failure() {
      return failure;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closes) {
        in.close();
      }
    }

    private IOException record(IOException e) {
      IOException marked = e instanceof SourceReadException ? e : new SourceReadException(e);
      if (failure == null) {
        failure = marked;
      }
      return marked;
    }
  }
}
