package io.airgap.archiver.internal;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serialises runs that share a folder (a source's cache, a workspace, an output name): an OS file
 * lock between processes plus a semaphore between threads of this process, released when closed.
 * The holder writes its PID into the lock file so a waiting run can name it. The OS releases the
 * file lock when a process dies, so a killed run never blocks the next one, which takes the file over.
 */
public final class ExclusiveLock implements AutoCloseable {
  /** How long a run waits for another by default: longer than most runs, short enough for cron to notice. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 100;

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;
  private final FileChannel check;
  private final Path removeOnClose;

  private ExclusiveLock(Semaphore local, FileChannel channel, FileLock lock, FileChannel check, Path removeOnClose) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
    this.check = check;
    this.removeOnClose = removeOnClose;
  }

  /** True while a thread of this process holds {@code lockFile}: its content must then not be read (see below). */
  static boolean heldInThisProcess(Path lockFile) {
    Semaphore s = IN_PROCESS.get(lockFile.toAbsolutePath().normalize());
    return s != null && s.availablePermits() == 0;
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT}. */
  public static ExclusiveLock acquire(Path lockFile, String what, ProgressListener progress)
      throws OperationFailedException {
    return acquire(lockFile, what, DEFAULT_TIMEOUT, progress);
  }

  /**
   * Waits (saying so, and naming the holder) until no other run holds {@code lockFile}; after
   * {@code timeout} (zero: at once) fails naming the lock and the holder's PID.
   */
  public static ExclusiveLock acquire(Path lockFile, String what, Duration timeout, ProgressListener progress)
      throws OperationFailedException {
    return acquire(lockFile, what, timeout, false, progress);
  }

  /**
   * As above; with {@code removeWhenDone} the lock file is deleted on release (for lock files that
   * would otherwise be litter in a user's folder). A run that locked a file which was deleted meanwhile
   * notices (the file at the path does not hold its token) and locks afresh.
   */
  public static ExclusiveLock acquire(Path lockFile, String what, Duration timeout, boolean removeWhenDone,
      ProgressListener progress) throws OperationFailedException {
    Path key = lockFile.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + timeout.toNanos();
    Semaphore local = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    try {
      if (!local.tryAcquire()) {
        progress.info("waiting up to " + Durations.format(timeout) + " for another run in this process that is using "
            + what);
        if (!local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          throw timedOut(what, key, ProcessHandle.current().pid(), timeout);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while waiting for " + what, e);
    }
    FileChannel channel = null;
    try {
      boolean announced = false;
      while (true) {
        Files.createDirectories(key.getParent());
        channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        while (lock == null) {
          String holder = holder(key);
          if (System.nanoTime() - deadline >= 0) {
            throw timedOut(what, key, holder, timeout);
          }
          if (!announced) {
            progress.info("waiting up to " + Durations.format(timeout) + " for " + what + ", which process " + holder
                + " is using (lock " + key + ")");
            announced = true;
          }
          Thread.sleep(POLL_MILLIS);
          lock = channel.tryLock();
        }
        String token = ProcessHandle.current().pid() + " " + UUID.randomUUID() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
        // POSIX drops a process's lock when it closes any descriptor of the file, so the path is read
        // through a second channel that stays open as long as the lock is held.
        FileChannel check = openIfExists(key);
        if (check != null && token.equals(read(check))) {
          return new ExclusiveLock(local, channel, lock, check, removeWhenDone ? key : null);
        }
        // the holder removed the file as it finished: this one is no longer at the path
        lock.release();
        closeQuietly(check);
        closeQuietly(channel);
        channel = null;
      }
    } catch (IOException e) {
      local.release();
      closeQuietly(channel);
      throw new OperationFailedException("could not lock " + what + " (" + key + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      local.release();
      closeQuietly(channel);
      throw new OperationFailedException("interrupted while waiting for " + what, e);
    } catch (OperationFailedException e) {
      local.release();
      closeQuietly(channel);
      throw e;
    }
  }

  private static OperationFailedException timedOut(String what, Path key, Object holder, Duration timeout) {
    return new OperationFailedException("gave up after " + Durations.format(timeout) + " waiting for " + what
        + ": process " + holder + " holds the lock " + key + "; let it finish, or wait longer with --lock-timeout");
  }

  private static FileChannel openIfExists(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Reads a small file through {@code channel} without closing it. */
  static String read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(128);
    long pos = 0;
    int n;
    while (buf.hasRemaining() && (n = channel.read(buf, pos)) > 0) {
      pos += n;
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  /** The PID the holder (another process: this one holds no lock on it here) wrote, or "(unknown)". */
  private static String holder(Path key) {
    String pid = readQuietly(key).split("\\s+")[0];
    return pid.matches("\\d{1,10}") ? pid : "(unknown)";
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (removeOnClose != null) {
      try {
        Files.deleteIfExists(removeOnClose); // while still locked, so no one holds a lock on it
      } catch (IOException ignored) {
        // left: the next run takes it over
      }
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    closeQuietly(check);
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
