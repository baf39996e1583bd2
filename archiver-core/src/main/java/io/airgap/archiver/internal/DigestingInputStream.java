package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Counts and SHA-256-hashes what is read through it (or only counts), so no second pass is needed. */
public final class DigestingInputStream extends BulkInputStream {
  private final InputStream in;
  private final MessageDigest digest;
  private volatile long count;

  public DigestingInputStream(InputStream in) {
    this(in, Sha256.newDigest());
  }

  private DigestingInputStream(InputStream in, MessageDigest digest) {
    this.in = in;
    this.digest = digest;
  }

  /** Counts without hashing: for progress over a stream whose entries are hashed one by one. */
  public static DigestingInputStream countingOnly(InputStream in) {
    return new DigestingInputStream(in, null);
  }

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      if (digest != null) {
        digest.update(b, off, n);
      }
      count += n;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads and hashes whatever is left. */
  public void drain() throws IOException {
    byte[] buf = new byte[65536];
    while (read(buf, 0, buf.length) >= 0) {
      // hashing happens in read
    }
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** The hex SHA-256 of everything read; call once, after the last read. */
  public String sha256() {
    if (digest == null) {
      throw new IllegalStateException("this stream only counts");
    }
    return Hex.encode(digest.digest());
  }
}
