package io.airgap.archiver.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in full-block CFB mode with a zero IV (how OpenPGP's SEIPD v1 packet encrypts), computed with the
 * JDK's CBC mode, which runs on the CPU's AES instructions where its CFB mode encrypts block by block in
 * Java: CFB's keystream block i is exactly the CBC encryption of plaintext block i-1 (block 0 a zero block),
 * so one CBC pass over the plaintext, shifted by a block, yields the keystream. Closing writes the last,
 * partial block and closes the stream below.
 */
final class AesCfbOutputStream extends OutputStream {
  private static final int BLOCK = 16;
  private static final int BUFFER = 1 << 16;
  private static final int SLICE = 1 << 10;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final OutputStream out;
  private final Cipher cbc;
  private final byte[] pending = new byte[BUFFER];
  private final byte[] keystream = new byte[BUFFER];
  /** The last plaintext block already encrypted: the next CBC input. */
  private final byte[] carry = new byte[BLOCK];
  private int pendingLength;
  private boolean closed;

  AesCfbOutputStream(OutputStream out, byte[] key) throws GeneralSecurityException {
    this.out = out;
    this.cbc = Cipher.getInstance("AES/CBC/NoPadding");
    cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[BLOCK]));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, BUFFER - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
      if (pendingLength == BUFFER) {
        encryptFullBlocks();
      }
    }
  }

  private void encryptFullBlocks() throws IOException {
    int bytes = pendingLength - pendingLength % BLOCK;
    if (bytes == 0) {
      return;
    }
    // CBC chains across calls: the carried block, then this plaintext but its last block.
    cbcUpdate(carry, 0, BLOCK, 0);
    cbcUpdate(pending, 0, bytes - BLOCK, BLOCK);
    System.arraycopy(pending, bytes - BLOCK, carry, 0, BLOCK);
    xor(bytes);
    out.write(pending, 0, bytes);
    pendingLength -= bytes;
    System.arraycopy(pending, bytes, pending, 0, pendingLength);
  }

  private void cbcUpdate(byte[] input, int from, int length, int to) throws IOException {
    try {
      // Small slices make the JIT compile CBC's intrinsic (the CPU's AES instructions) early in a run;
      // a few large calls would leave it running as plain Java for hundreds of megabytes.
      for (int off = 0; off < length; off += SLICE) {
        cbc.update(input, from + off, Math.min(SLICE, length - off), keystream, to + off);
      }
    } catch (ShortBufferException e) {
      throw new IOException(e);
    }
  }

  /** pending ^= keystream, eight bytes at a time. */
  private void xor(int length) {
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      LONGS.set(pending, i, (long) LONGS.get(pending, i) ^ (long) LONGS.get(keystream, i));
    }
    for (; i < length; i++) {
      pending[i] ^= keystream[i];
    }
  }

  /** A CFB stream cannot emit a partial block before its end; only whole blocks go out early. */
  @Override
  public void flush() throws IOException {
    encryptFullBlocks();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    encryptFullBlocks();
    if (pendingLength > 0) {
      cbcUpdate(carry, 0, BLOCK, 0);
      xor(pendingLength);
      out.write(pending, 0, pendingLength);
      pendingLength = 0;
    }
    out.close();
  }
}
