package io.airgap.archiver.storage;

import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Deterministic test content, and streams that fail on purpose. */
public final class TestData {
  private TestData() {}

  /** {@code size} pseudo-random bytes, the same for the same seed. */
  public static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  public static String sha256(byte[] data) {
    return Sha256.hex(Sha256.newDigest().digest(data));
  }

  /**
   * Yields {@code data}, but throws IOException("simulated read failure") at byte {@code failAt}.
   */
  public static InputStream failingAfter(byte[] data, int failAt) {
    return new InputStream() {
      private int pos;

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
        if (pos >= failAt) {
          throw new IOException("simulated read failure");
        }
        if (pos >= data.length) {
          return -1;
        }
        int n = Math.min(len, Math.min(failAt, data.length) - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }
}
