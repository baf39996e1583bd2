package io.airgap.archiver.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Marks a failure reading the caller's content, so that it is not mistaken for a network failure
 * once the SDK has wrapped it.
 */
final class SourceReadException extends IOException {
  private static final long serialVersionUID = 1L;

  SourceReadException(IOException cause) {
    super(cause.getMessage(), cause);
  }

  /**
   * The caller's content as handed to the SDK: read failures become {@link SourceReadException}s,
   * and the first failure is kept, because the SDK may retry and then report only that the stream
   * could not be reset.
   */
  static final class Content extends FilterInputStream {
    private volatile IOException failure;

    Content(InputStream in) {
      super(in);
    }

    /** The first failure reading the content, or null. */
    IOException failure() {
      return failure;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw record(e);
      }
    }

    private IOException record(IOException e) {
      // A checksum mismatch is reported as such, not as a read failure.
      IOException tagged =
          e instanceof io.airgap.archiver.storage.ChecksumMismatchException
                  || e instanceof SourceReadException
              ? e
              : new SourceReadException(e);
      if (failure == null) {
        failure = tagged;
      }
      return tagged;
    }
  }
}
