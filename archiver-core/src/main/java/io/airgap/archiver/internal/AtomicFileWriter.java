package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file under a hidden temporary name beside its final name and renames it only once
 * complete and synced, so readers never see a partial file under the final name.
 */
public final class AtomicFileWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private boolean committed;

  private AtomicFileWriter(Path target, Path temp, OutputStream out) {
    this.target = target;
    this.temp = temp;
    this.out = out;
  }

  public static AtomicFileWriter open(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID());
    OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new AtomicFileWriter(target, temp, out);
  }

  /** The stream to write to; do not close it, call {@link #commit()} instead. */
  public OutputStream stream() {
    return out;
  }

  public Path temporaryPath() {
    return temp;
  }

  /** Flushes, syncs and renames into place; refuses to replace an existing file. */
  public void commit() throws IOException {
    sync();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
    committed = true;
  }

  /** Flushes, syncs and atomically replaces whatever is at the final name. */
  public void commitReplacing() throws IOException {
    sync();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
  }

  private void sync() throws IOException {
    out.close();
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Removes the temporary file unless {@link #commit()} succeeded. */
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
        // best effort: a stale hidden .partial file is harmless and named as such
      }
    }
  }
}
