package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The one way this tool writes a file: under a hidden temporary name beside its final name (see
 * {@link TempNames}, which the litter cleaner recognises), fsynced, renamed only once complete,
 * the folder fsynced; on failure or {@link #close()} without commit, the temporary file is removed.
 */
public final class AtomicFileWriter implements AutoCloseable {
  /** Opens the temporary file; tests swap it to make a disk "fill up". */
  @FunctionalInterface
  public interface Opener {
    OutputStream open(Path temp) throws IOException;
  }

  private static final Opener DEFAULT_OPENER =
      temp -> Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  /** Created 0600 where the file system has POSIX permissions; the rename keeps the mode. */
  private static final Opener PRIVATE_OPENER = temp -> {
    if (!temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return DEFAULT_OPENER.open(temp);
    }
    return Channels.newOutputStream(Files.newByteChannel(temp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.OWNER_ONLY));
  };

  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private boolean finished;
  private boolean committed;

  private AtomicFileWriter(Path target, Path temp, OutputStream out) {
    this.target = target;
    this.temp = temp;
    this.out = out;
  }

  public static AtomicFileWriter open(Path target) throws IOException {
    return open(target, DEFAULT_OPENER);
  }

  /** As {@link #open(Path)}, for a file only its owner may read (state that quotes servers' errors, logs). */
  public static AtomicFileWriter openPrivate(Path target) throws IOException {
    return open(target, PRIVATE_OPENER);
  }

  public static AtomicFileWriter open(Path target, Opener opener) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.getParent().resolve(TempNames.partialOf(absolute.getFileName().toString()));
    return new AtomicFileWriter(absolute, temp, opener.open(temp));
  }

  /** The stream to write to; do not close it, call {@link #commit()} instead. */
  public OutputStream stream() {
    return out;
  }

  public Path temporaryPath() {
    return temp;
  }

  public Path target() {
    return target;
  }

  /** Closes and fsyncs the temporary file without publishing it (for writers that publish several files together). */
  public void finishWriting() throws IOException {
    if (!finished) {
      out.close();
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      finished = true;
    }
  }

  /** Finishes and renames into place; refuses to replace an existing file. */
  public void commit() throws IOException {
    finishWriting();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
    published();
  }

  /** Finishes and atomically replaces whatever is at the final name. */
  public void commitReplacing() throws IOException {
    finishWriting();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    published();
  }

  private void published() {
    committed = true;
    syncFolder(target.getParent());
  }

  /** Makes a rename durable, so pulling a USB drive right after cannot lose it. */
  public static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a folder (Windows cannot); the file itself is synced.
    }
  }

  /** Removes the temporary file unless a commit succeeded. */
  @Override
  public void close() {
    if (!committed) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the file is being discarded
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: the next run's litter cleaner removes it (its owner PID is in the name)
      }
    }
  }
}
