package io.airgap.archiver.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Turns an IOException from a write into words that name the disk and say what to do. */
public final class DiskErrors {
  private DiskErrors() {}

  /** True when the write failed because the disk (or the user's quota) is full. */
  public static boolean isDiskFull(IOException e) {
    String lower = reason(e).toLowerCase(Locale.ROOT);
    return lower.contains("no space left on device") || lower.contains("not enough space")
        || lower.contains("disk quota exceeded");
  }

  /**
   * A short reason for a failed write into {@code folder}: for a full disk
   * "no space left on /mnt/usb (/dev/sdb1), which holds FOLDER"; otherwise the OS's reason.
   */
  public static String describe(IOException e, Path folder) {
    if (isDiskFull(e)) {
      return "no space left on " + mountOf(folder) + ", which holds " + folder;
    }
    if (reason(e).toLowerCase(Locale.ROOT).contains("file too large")) {
      return "the file system of " + folder + " cannot hold a file this large (" + reason(e)
          + "; FAT32 allows at most 4 GiB per file: split the archive into parts or use exFAT/NTFS/ext4)";
    }
    return reason(e);
  }

  /** Wraps {@code out} so a failed write or close says which disk, as {@link #describe} does. */
  public static OutputStream describingFailures(OutputStream out, Path folder) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw new IOException(describe(e, folder), e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw new IOException(describe(e, folder), e);
        }
      }
    };
  }

  /** The OS's reason without the path Java prefixes it with. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The mount point and device holding {@code folder}, e.g. "/mnt/usb (/dev/sdb1)". */
  static String mountOf(Path folder) {
    Path p = folder.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      FileStore store = Files.getFileStore(p == null ? folder : p);
      return store.toString();
    } catch (IOException | RuntimeException e) {
      return "the disk";
    }
  }
}
