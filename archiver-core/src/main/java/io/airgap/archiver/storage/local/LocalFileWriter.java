package io.airgap.archiver.storage.local;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Writes one file atomically: hidden temporary file, fsync, verify, rename; cleans up on failure.
 */
final class LocalFileWriter {
  private static final int BUFFER_SIZE = 256 * 1024;
  // Report progress about every 8 MiB: often enough for a bar, rare enough to cost nothing.
  private static final long PROGRESS_STEP = 8L * 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path folder;
  private final LocalArchiveStore.FileOpener opener;

  LocalFileWriter(Path folder, LocalArchiveStore.FileOpener opener) {
    this.folder = folder;
    this.opener = opener;
  }

  StoredObject write(
      String name, InputStream content, long size, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    createFolder();
    if (size >= 0) {
      checkFreeSpace(name, size);
    }
    Path target = folder.resolve(name);
    Path temp = folder.resolve(tempName(name));
    boolean committed = false;
    try {
      VerifyingInputStream in =
          new VerifyingInputStream(content, size, expectedSha256, "Content for '" + name + "'");
      copy(in, temp, name, size, progress);
      sync(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      syncFolder();
      BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
      return new StoredObject(name, in.count(), in.sha256(), attrs.lastModifiedTime().toInstant());
    } catch (ChecksumMismatchException e) {
      throw new UntrustedArchiveException(e.getMessage() + "; nothing was stored in " + folder, e);
    } catch (ReadFailure e) {
      throw new OperationFailedException(
          "Could not read the content for '%s': %s; nothing was stored in %s"
              .formatted(name, e.getCause().getMessage(), folder),
          e.getCause());
    } catch (IOException e) {
      throw writeFailure(name, e);
    } finally {
      if (!committed) {
        deleteQuietly(temp);
      }
    }
  }

  private void copy(
      VerifyingInputStream in, Path temp, String name, long size, ProgressListener progress)
      throws IOException {
    String task = "write " + name;
    byte[] buffer = new byte[BUFFER_SIZE];
    long nextReport = PROGRESS_STEP;
    try (OutputStream out = opener.open(temp)) {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (ChecksumMismatchException e) {
          throw e;
        } catch (IOException e) {
          throw new ReadFailure(e);
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        if (in.count() >= nextReport) {
          progress.onEvent(
              new ProgressEvent.Progress(task, in.count(), size, ProgressEvent.Unit.BYTES));
          nextReport = in.count() + PROGRESS_STEP;
        }
      }
    }
    progress.onEvent(new ProgressEvent.Progress(task, in.count(), size, ProgressEvent.Unit.BYTES));
  }

  private void createFolder() throws OperationFailedException {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new OperationFailedException(
          "Cannot create the folder " + folder + ": " + describe(e), e);
    }
  }

  private void checkFreeSpace(String name, long size) throws OperationFailedException {
    long available;
    try {
      available = Files.getFileStore(folder).getUsableSpace();
    } catch (IOException e) {
      return; // some file systems cannot tell; the write itself will report a full disk
    }
    if (size > available) {
      throw new OperationFailedException(
          ("Not enough free space in %s for '%s': it needs %s (%s bytes) but only %s (%s"
                  + " bytes) are available; free up space or choose another location")
              .formatted(
                  folder,
                  name,
                  ByteSize.format(size),
                  size,
                  ByteSize.format(available),
                  available));
    }
  }

  private OperationFailedException writeFailure(String name, IOException e) {
    String reason = describe(e);
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left on device")
        || lower.contains("not enough space")
        || lower.contains("disk quota exceeded")) {
      return new OperationFailedException(
          ("The disk holding %s is full (%s) while writing '%s'; the partial file was"
                  + " removed. Free up space or choose another location")
              .formatted(folder, reason, name),
          e);
    }
    if (lower.contains("file too large")) {
      return new OperationFailedException(
          ("The file system of %s cannot hold a file this large while writing '%s' (%s):"
                  + " FAT32 allows at most 4 GiB per file; split the archive into parts or use"
                  + " exFAT/NTFS/ext4")
              .formatted(folder, name, reason),
          e);
    }
    return new OperationFailedException(
        "Could not write '" + name + "' to " + folder + ": " + reason + "; nothing was stored", e);
  }

  private static String describe(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Makes the rename itself durable, so pulling a USB drive right after cannot lose it. */
  private void syncFolder() {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a folder (Windows cannot); the file itself is synced.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort: the name is hidden and list() never shows it.
    }
  }

  /** Hidden (so list() skips it), unique, and short enough for a 255-character name limit. */
  private static String tempName(String name) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    String base = name.length() > 200 ? name.substring(0, 200) : name;
    return "." + base + "." + HexFormat.of().formatHex(bytes) + ".tmp";
  }

  /** Marks a failure reading the caller's content, as opposed to writing the disk. */
  private static final class ReadFailure extends IOException {
    private static final long serialVersionUID = 1L;

    ReadFailure(IOException cause) {
      super(cause);
    }
  }
}
