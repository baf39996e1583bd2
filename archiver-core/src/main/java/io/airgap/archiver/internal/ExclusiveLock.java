package io.airgap.archiver.internal;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Serialises runs that share a folder (a source's cache, a workspace): an OS file lock between
 * processes plus a semaphore between threads of this process, released when closed. The OS
 * releases the file lock when a process dies, so a killed run never blocks the next one.
 */
public final class ExclusiveLock implements AutoCloseable {
  private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;

  private ExclusiveLock(Semaphore local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits (saying so) until no other run holds {@code lockFile}. */
  public static ExclusiveLock acquire(Path lockFile, String what, ProgressListener progress)
      throws OperationFailedException {
    Path key = lockFile.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    try {
      if (!local.tryAcquire()) {
        progress.info("waiting for another run that is using " + what);
        local.acquire();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while waiting for " + what, e);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        progress.info("waiting for another process that is using " + what);
        lock = channel.lock();
      }
      return new ExclusiveLock(local, channel, lock);
    } catch (IOException e) {
      local.release();
      closeQuietly(channel);
      throw new OperationFailedException("could not lock " + what + " (" + key + "): " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    local.release();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
