package io.airgap.archiver.create;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.base.ByteSize;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Checks an output folder before the archive is written: enough free space (else a clear error,
 * before anything is written), and a FAT file system that cannot hold a file over 4 GiB.
 */
public final class OutputSpace {
  private static final long FAT_LIMIT = (4L << 30) - 1;
  private static final Set<String> FAT_TYPES = Set.of("vfat", "msdos", "fat", "fat32");
  private static final long MARGIN = 1 << 20;

  private OutputSpace() {}

  /** @param estimate the archive's expected size (its payload; gzip adds little) */
  public static void check(Path folder, long estimate, boolean split, ProgressListener progress)
      throws OperationFailedException {
    FileStore store;
    try {
      store = Files.getFileStore(folder);
    } catch (IOException e) {
      return;
    }
    try {
      long usable = store.getUsableSpace();
      if (usable < estimate + MARGIN) {
        throw new OperationFailedException("not enough free space in " + folder + ": the archive needs about "
            + ByteSize.format(estimate + MARGIN) + " but " + ByteSize.format(usable)
            + " is available; free some space or choose another --output");
      }
    } catch (IOException e) {
      // unknown free space: the write itself will say if the disk fills
    }
    if (!split && estimate > FAT_LIMIT && FAT_TYPES.contains(store.type().toLowerCase(Locale.ROOT))) {
      progress.warn(folder + " is on a FAT file system, which cannot hold files over 4 GiB, and this archive is about "
          + ByteSize.format(estimate) + ": use --split 4G");
    }
  }
}
