package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to a thread of its own, which writes it to the stream below: the writer's work and
 * the stream's (encryption, digests, the disk) then run on separate cores. At most a few chunks are in
 * flight, so memory stays small; a failure below is thrown to the writer at its next write or close.
 * Closing waits for the thread and closes the stream below.
 */
public final class HandoffOutputStream extends OutputStream {
  private static final int CHUNK = 1 << 18;
  private static final int IN_FLIGHT = 4;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private record Chunk(byte[] data, int length) {}

  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
  private final Thread worker;
  private volatile Throwable failure;
  private byte[] current = new byte[CHUNK];
  private int fill;
  private boolean closed;

  public HandoffOutputStream(OutputStream below, String threadName) {
    for (int i = 0; i < IN_FLIGHT; i++) {
      free.add(new byte[CHUNK]);
    }
    worker = new Thread(() -> drain(below), threadName);
    // A writer that gives up without closing must not keep the process alive.
    worker.setDaemon(true);
    worker.start();
  }

  private void drain(OutputStream below) {
    try {
      for (Chunk c = full.take(); c != END; c = full.take()) {
        if (failure == null) {
          try {
            below.write(c.data(), 0, c.length());
          } catch (IOException | RuntimeException e) {
            failure = e;
          }
        }
        free.put(c.data());
      }
      if (failure == null) {
        below.close();
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    } catch (InterruptedException e) {
      failure = e;
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (len > 0) {
      checkFailure();
      int n = Math.min(len, CHUNK - fill);
      System.arraycopy(b, off, current, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == CHUNK) {
        handOff();
      }
    }
  }

  private void handOff() throws IOException {
    try {
      full.put(new Chunk(current, fill));
      current = free.take();
      fill = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing data to " + worker.getName());
    }
  }

  private void checkFailure() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (t != null) {
      throw new IOException(worker.getName() + " failed: " + t, t);
    }
  }

  /** Ends the stream: the rest is written and the stream below closed; throws what went wrong there. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (fill > 0) {
        full.put(new Chunk(current, fill));
      }
      full.put(END);
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + worker.getName());
    }
    checkFailure();
  }
}
