package io.airgap.archiver.storage;

import io.airgap.archiver.internal.BulkInputStream;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes and counts what passes through and checks it against an expected size and SHA-256.
 *
 * <p>When the size is known the check runs on the read that would deliver the last bytes, and that
 * read throws instead: a consumer that stops after exactly {@code size} bytes (as the S3 client
 * does) still never receives unverified content in full, so it fails and publishes nothing.
 */
public final class VerifyingInputStream extends BulkInputStream {
  private final DigestingInputStream digesting;
  private final long expectedSize;
  private final String expectedSha256;
  private final String what;
  private volatile String sha256;

  /**
   * @param expectedSize the size, or -1 when unknown (then the check runs at end of stream)
   * @param expectedSha256 lower hex, or {@code null} to only compute it
   * @param what names the content in messages, e.g. "'x.tar.gz' from s3://bucket"
   */
  public VerifyingInputStream(
      InputStream in, long expectedSize, String expectedSha256, String what) {
    this(new DigestingInputStream(in), expectedSize, expectedSha256, what);
  }

  private VerifyingInputStream(
      DigestingInputStream in, long expectedSize, String expectedSha256, String what) {
    this.digesting = in;
    this.expectedSize = expectedSize;
    this.expectedSha256 = expectedSha256;
    this.what = what;
  }

  /** Bytes read so far. */
  public long count() {
    return digesting.count();
  }

  /** The SHA-256 of everything read, once the end was reached; else {@code null}. */
  public String sha256() {
    return sha256;
  }

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    if (sha256 != null && expectedSize >= 0) {
      // All declared bytes are in; anything more means the declared size was wrong.
      if (digesting.read() >= 0) {
        throw new IOException(what + " is longer than its declared " + expectedSize + " bytes");
      }
      return -1;
    }
    int n = digesting.read(b, off, len);
    long count = digesting.count();
    if (n < 0) {
      if (expectedSize >= 0 && count < expectedSize) {
        throw new IOException(
            what + " ended after " + count + " of its " + expectedSize + " bytes");
      }
      finish();
      return -1;
    }
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
  public int available() throws IOException {
    return digesting.available();
  }

  @Override
  public void close() throws IOException {
    digesting.close();
  }

  private void finish() throws ChecksumMismatchException {
    if (sha256 != null) {
      return;
    }
    sha256 = digesting.sha256();
    if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
      throw new ChecksumMismatchException(
          what + " has SHA-256 " + sha256 + " but " + expectedSha256 + " was expected");
    }
  }
}
