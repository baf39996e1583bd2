package io.airgap.archiver.storage.local;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.internal.SourceReadException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.DiskErrors;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Stores one file for the local store: checks free space, verifies the content while copying it
 * through {@link AtomicFileWriter}, and turns write failures into messages naming the disk.
 */
final class LocalFileWriter {
  private static final int BUFFER_SIZE = 256 * 1024;
  // Report progress about every 8 MiB: often enough for a bar, rare enough to cost nothing.
  private static final long PROGRESS_STEP = 8L * 1024 * 1024;

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
    try (AtomicFileWriter file = AtomicFileWriter.open(target, opener::open)) {
      VerifyingInputStream in =
          new VerifyingInputStream(content, size, expectedSha256, "Content for '" + name + "'");
      copy(in, file.stream(), name, size, progress);
      file.commitReplacing();
      BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
      return new StoredObject(name, in.count(), in.sha256(), attrs.lastModifiedTime().toInstant());
    } catch (ChecksumMismatchException e) {
      throw new UntrustedArchiveException(e.getMessage() + "; nothing was stored in " + folder, e);
    } catch (SourceReadException e) {
      throw new OperationFailedException(
          "could not read the content for '%s': %s; nothing was stored in %s"
              .formatted(name, e.getCause().getMessage(), folder),
          e.getCause());
    } catch (IOException e) {
      throw writeFailure(name, e);
    }
  }

  private void copy(
      VerifyingInputStream in, OutputStream out, String name, long size, ProgressListener progress)
      throws IOException {
    String task = "write " + name;
    byte[] buffer = new byte[BUFFER_SIZE];
    long nextReport = PROGRESS_STEP;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (ChecksumMismatchException e) {
        throw e;
      } catch (IOException e) {
        throw new SourceReadException(e);
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
    progress.onEvent(new ProgressEvent.Progress(task, in.count(), size, ProgressEvent.Unit.BYTES));
  }

  private void createFolder() throws OperationFailedException {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new OperationFailedException(
          "cannot create the folder " + folder + ": " + describe(e), e);
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
          ("not enough free space in %s for '%s': it needs %s (%s bytes) but only %s (%s"
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
    String reason = DiskErrors.reason(e);
    if (DiskErrors.isDiskFull(e)) {
      return new OperationFailedException(
          ("the disk holding %s is full (%s: %s) while writing '%s'; the partial file was"
                  + " removed. Free up space or choose another location")
              .formatted(folder, reason, DiskErrors.describe(e, folder), name),
          e);
    }
    return new OperationFailedException(
        "could not write '" + name + "' to " + folder + ": " + DiskErrors.describe(e, folder)
            + "; nothing was stored", e);
  }

  private static String describe(IOException e) {
    return DiskErrors.reason(e);
  }
}
