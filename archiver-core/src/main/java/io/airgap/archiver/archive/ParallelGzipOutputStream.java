package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One standard gzip member (RFC 1952) written as pigz writes it. Compressible data is cut into
 * chunks that are deflated on several threads, each primed with the 32 KiB before it and ended with
 * a sync flush so the pieces simply concatenate. Incompressible data goes out as stored blocks
 * copied straight through, with no deflater pass at all. The bytes written do not depend on thread
 * timing, and memory stays bounded: at most two chunks per thread are in flight.
 *
 * <p>A chunk none of whose {@value #SAMPLES} samples of {@value #SAMPLE} bytes, spread over it, shrinks
 * at all under the fastest deflate goes out stored too: a Git pack is mostly zlib streams already,
 * and deflating the whole of a 500 MB pack took 5 s of CPU to save 1%. The test costs an eighth of
 * deflating a chunk that does compress; on a real project's pack, which deflate shrinks by 9%, it
 * gives up 0.4% of that.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  static final int CHUNK = 128 << 10;
  /** Pieces of a chunk deflated to judge it, evenly spread. */
  static final int SAMPLES = 4;
  static final int SAMPLE = 4 << 10;
  private static final int DICTIONARY = 32 << 10;
  private static final int MAX_STORED_BLOCK = 65535;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
  /** An empty final block with fixed Huffman codes: ends the deflate stream. */
  private static final byte[] LAST_BLOCK = {0x03, 0x00};

  private final OutputStream out;
  private final int level;
  private final ThreadPoolExecutor pool;
  private final int maxPending;
  private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private long size;
  private boolean compress = true;
  private byte[] chunk = new byte[CHUNK];
  private int chunkLength;
  private byte[] dictionary;
  private final byte[] stored = new byte[5 + MAX_STORED_BLOCK];
  private int storedLength;
  private boolean finished;

  /** @param threads how many chunks may be deflated at once; 1 deflates on the caller's thread */
  public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    this.out = out;
    this.level = level;
    if (threads > 1) {
      // idle threads end by themselves, so a writer abandoned after an error leaks nothing
      pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "gzip-deflate");
        t.setDaemon(true);
        return t;
      });
      pool.allowCoreThreadTimeOut(true);
    } else {
      pool = null;
    }
    this.maxPending = 2 * Math.max(1, threads);
    out.write(HEADER);
  }

  /** The default: deflate on as many threads as there are cores, up to four. */
  public static int defaultThreads() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Whether what follows is worth deflating. Switching ends the current chunk, so a switch per
   * archive entry is cheap but a switch per few bytes is not.
   */
  public void setCompress(boolean compressNext) throws IOException {
    if (compressNext == compress) {
      return;
    }
    if (compressNext) {
      flushStored();
      dictionary = null;
    } else {
      submitChunk();
      drain(0);
    }
    compress = compressNext;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    crc.update(b, off, len);
    size += len;
    if (compress) {
      while (len > 0) {
        int n = Math.min(len, CHUNK - chunkLength);
        System.arraycopy(b, off, chunk, chunkLength, n);
        chunkLength += n;
        off += n;
        len -= n;
        if (chunkLength == CHUNK) {
          submitChunk();
        }
      }
    } else {
      while (len > 0) {
        int n = Math.min(len, MAX_STORED_BLOCK - storedLength);
        System.arraycopy(b, off, stored, 5 + storedLength, n);
        storedLength += n;
        off += n;
        len -= n;
        if (storedLength == MAX_STORED_BLOCK) {
          flushStored();
        }
      }
    }
  }

  /** Writes every pending block, the end of the deflate stream and the gzip trailer; does not close the target. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    submitChunk();
    drain(0);
    flushStored();
    out.write(LAST_BLOCK);
    byte[] trailer = new byte[8];
    putInt(trailer, 0, (int) crc.getValue());
    putInt(trailer, 4, (int) size);
    out.write(trailer);
    out.flush();
    finished = true;
    if (pool != null) {
      pool.shutdown();
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      out.close();
    }
  }

  private void submitChunk() throws IOException {
    if (chunkLength == 0) {
      return;
    }
    byte[] input = chunk;
    int length = chunkLength;
    byte[] dict = dictionary;
    if (length >= DICTIONARY) {
      dictionary = Arrays.copyOfRange(input, length - DICTIONARY, length);
    } else {
      dictionary = null;
    }
    chunk = new byte[CHUNK];
    chunkLength = 0;
    if (pool == null) {
      out.write(deflateOrStore(input, length, dict, level));
      return;
    }
    drain(maxPending - 1);
    pending.add(pool.submit(() -> deflateOrStore(input, length, dict, level)));
  }

  /** Writes finished chunks, in order, until at most {@code keep} are still in flight. */
  private void drain(int keep) throws IOException {
    while (pending.size() > keep) {
      try {
        out.write(pending.poll().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while compressing");
      } catch (ExecutionException e) {
        throw new IOException("compressing failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private void flushStored() throws IOException {
    if (storedLength == 0) {
      return;
    }
    storedHeader(stored, 0, storedLength);
    out.write(stored, 0, 5 + storedLength);
    storedLength = 0;
  }

  /** The chunk deflated, or as stored blocks when no sample of it compresses. */
  static byte[] deflateOrStore(byte[] input, int length, byte[] dictionary, int level) {
    return length == CHUNK && !compresses(input) ? storedBlocks(input, length)
        : deflate(input, length, dictionary, level);
  }

  /** One deflater for all samples: setting one up costs more than deflating 4 KiB. */
  private static boolean compresses(byte[] chunk) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    byte[] out = new byte[SAMPLE + 64];
    try {
      for (int i = 0; i < SAMPLES; i++) {
        deflater.reset();
        deflater.setInput(chunk, i * (CHUNK / SAMPLES), SAMPLE);
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        if (n < SAMPLE) {
          return true;
        }
      }
      return false;
    } finally {
      deflater.end();
    }
  }

  /** Stored deflate blocks of {@code input}: byte-aligned, so they follow a sync-flushed chunk. */
  static byte[] storedBlocks(byte[] input, int length) {
    int blocks = (length + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK;
    byte[] result = new byte[length + 5 * blocks];
    int at = 0;
    for (int off = 0; off < length; off += MAX_STORED_BLOCK) {
      int n = Math.min(MAX_STORED_BLOCK, length - off);
      storedHeader(result, at, n);
      System.arraycopy(input, off, result, at + 5, n);
      at += 5 + n;
    }
    return result;
  }

  /** The 5-byte header of a stored block of {@code n} bytes, not the final one. */
  private static void storedHeader(byte[] b, int at, int n) {
    b[at] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte
    b[at + 1] = (byte) n;
    b[at + 2] = (byte) (n >>> 8);
    b[at + 3] = (byte) ~n;
    b[at + 4] = (byte) (~n >>> 8);
  }

  /** Raw deflate of one chunk, ending byte-aligned (sync flush) so the next chunk can follow it. */
  static byte[] deflate(byte[] input, int length, byte[] dictionary, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input, 0, length);
      byte[] buf = new byte[length + (length >>> 6) + 64];
      int n = 0;
      while (true) {
        n += deflater.deflate(buf, n, buf.length - n, Deflater.SYNC_FLUSH);
        if (n < buf.length) {
          return Arrays.copyOf(buf, n);
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    } finally {
      deflater.end();
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
