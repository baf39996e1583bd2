package io.airgap.archiver.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A file a run stages before it can write it elsewhere, written once and read back any number of times. Sealed,
 * its bytes on disk are AES-256-CTR ciphertext under a key made for this file alone and held only in this
 * object's memory: content that must not lie on disk in the clear (what goes into an encrypted archive) can still
 * be staged, and what a crash leaves behind is unreadable noise. Sealing hides the content; it does not vouch for
 * it: what is read back is held to the SHA-256 taken while it was written by whoever reads the archive.
 */
public final class ScratchFile {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CHUNK = 1 << 16;
  private static final int SLICE = 1 << 10;

  private final Path file;
  /** Null when the file is in the clear. */
  private final SecretKeySpec key;
  private final byte[] counter;
  private boolean created;

  private ScratchFile(Path file, boolean sealed) {
    this.file = file;
    if (sealed) {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      key = new SecretKeySpec(secret, "AES");
      counter = new byte[16];
      RANDOM.nextBytes(counter);
    } else {
      key = null;
      counter = null;
    }
  }

  /** A scratch file written as it is. */
  public static ScratchFile plain(Path file) {
    return new ScratchFile(file, false);
  }

  /** A scratch file whose content only this object can read. */
  public static ScratchFile sealed(Path file) {
    return new ScratchFile(file, true);
  }

  public Path file() {
    return file;
  }

  public boolean sealed() {
    return key != null;
  }

  /**
   * Creates the file (it must not exist yet) and returns the stream that writes its content; once only, since a
   * counter-mode key must never encrypt two different contents.
   */
  public OutputStream create() throws IOException {
    if (created) {
      throw new IllegalStateException(file + " was written already");
    }
    created = true;
    Cipher cipher = key == null ? null : cipher(Cipher.ENCRYPT_MODE);
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (cipher == null) {
      return out;
    }
    return new FilterOutputStream(out) {
      private final byte[] buffer = new byte[CHUNK];

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, CHUNK);
          out.write(buffer, 0, update(cipher, b, off, n, buffer, 0));
          off += n;
          len -= n;
        }
      }
    };
  }

  /** Opens the content from its start, as it was written. */
  public InputStream open() throws IOException {
    Cipher cipher = key == null ? null : cipher(Cipher.DECRYPT_MODE);
    InputStream in = Files.newInputStream(file);
    if (cipher == null) {
      return in;
    }
    return new FilterInputStream(in) {

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        return n <= 0 ? n : update(cipher, b, off, n, b, off); // in place: Cipher.update is copy-safe
      }

      @Override
      public long skip(long n) throws IOException {
        // the key stream must advance with the file, so skipped bytes are read and decrypted
        long done = 0;
        byte[] sink = new byte[(int) Math.min(CHUNK, Math.max(n, 1))];
        while (done < n) {
          int r = read(sink, 0, (int) Math.min(sink.length, n - done));
          if (r < 0) {
            break;
          }
          done += r;
        }
        return done;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  private Cipher cipher(int mode) throws IOException {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, key, new IvParameterSpec(counter));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-CTR is not available in this Java runtime: " + e.getMessage(), e);
    }
  }

  /** Counter mode turns every input byte into one output byte at once. */
  private static int update(Cipher cipher, byte[] in, int off, int len, byte[] out, int outOff) throws IOException {
    try {
      // Small slices make the JIT compile the AES-CTR intrinsic (the CPU's AES instructions) early in a run;
      // a few large calls would leave it running as plain Java for hundreds of megabytes.
      for (int done = 0; done < len; done += SLICE) {
        int piece = Math.min(SLICE, len - done);
        if (cipher.update(in, off + done, piece, out, outOff + done) != piece) {
          throw new IOException("AES-CTR held bytes back, which counter mode never does");
        }
      }
      return len;
    } catch (ShortBufferException e) {
      throw new IOException(e);
    }
  }
}
