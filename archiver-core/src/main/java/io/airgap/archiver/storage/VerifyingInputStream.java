package io.airgap.archiver.storage;

import io.airgap.archiver.internal.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts what passes through and checks it against an expected size and SHA-256.
 *
 * <p>When the size is known the check runs on the read that would deliver the last bytes, and that
 * read throws instead: a consumer that stops after exactly {@code size} bytes (as the S3 client
 * does) still never receives unverified content in full, so it fails and publishes nothing.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final long expectedSize;
  private final String expectedSha256;
  private final String what;
  private final MessageDigest digest = Sha256.newDigest();
  private volatile long count;
  private volatile String sha256;

  /**
   * @param expectedSize the size, or -1 when unknown (then the check runs at end of stream)
   * @param expectedSha256 lower hex, or {@code null} to only compute it
   * @param what names the content in messages, e.g. "'x.tar.gz' from s3://bucket"
   */
  public VerifyingInputStream(
      InputStream in, long expectedSize, String expectedSha256, String what) {
    super(in);
    this.expectedSize = expectedSize;
    this.expectedSha256 = expectedSha256;
    this.what = what;
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** The SHA-256 of everything read, once the end was reached; else {@code null}. */
  public String sha256() {
    return sha256;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (sha256 != null && expectedSize >= 0) {
      // All declared bytes are in; anything more means the declared size was wrong.
      if (super.read() >= 0) {
        throw new IOException(what + " is longer than its declared " + expectedSize + " bytes");
      }
      return -1;
    }
    int n = super.read(b, off, len);
    if (n < 0) {
      if (expectedSize >= 0 && count < expectedSize) {
        throw new IOException(
            what + " ended after " + count + " of its " + expectedSize + " bytes");
      }
      finish();
      return -1;
    }
    digest.update(b, off, n);
    count += n;
    if (expectedSize >= 0) {
      if (count > expectedSize) {
        throw new IOException(what + " is longer than its declared " + expectedSize + " bytes");
      }
      if (count == expectedSize) {
        finish();
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would escape the digest; read them instead.
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private void finish() throws ChecksumMismatchException {
    if (sha256 != null) {
      return;
    }
    sha256 = Sha256.hex(digest.digest());
    if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
      throw new ChecksumMismatchException(
          what + " has SHA-256 " + sha256 + " but " + expectedSha256 + " was expected");
    }
  }
}
