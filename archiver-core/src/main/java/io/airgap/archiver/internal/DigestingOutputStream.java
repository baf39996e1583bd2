package io.airgap.archiver.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Counts and SHA-256-hashes what passes through, so no second pass over large files is needed. */
public final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest digest = Sha256.newDigest();
  private long count;

  public DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  /** The hex digest of everything written; call once, after the last write. */
  public String sha256() {
    return Hex.encode(digest.digest());
  }
}
