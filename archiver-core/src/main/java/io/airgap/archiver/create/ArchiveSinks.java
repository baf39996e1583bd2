package io.airgap.archiver.create;

import io.airgap.archiver.archive.ArchiveSink;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.storage.SplitOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local ways to write an archive: one file, or numbered parts for FAT32 media. */
public final class ArchiveSinks {
  private ArchiveSinks() {}

  /** One file, written under a hidden temporary name, synced and renamed. */
  public static ArchiveSink file(Path target) {
    return new ArchiveSink() {
      private AtomicFileWriter writer;

      @Override
      public OutputStream open() throws IOException {
        if (Files.exists(target)) {
          throw new FileAlreadyExistsException(target.toString());
        }
        writer = AtomicFileWriter.open(target);
        return writer.stream();
      }

      @Override
      public void commit() throws IOException {
        writer.commit();
      }

      @Override
      public void abort() {
        if (writer != null) {
          writer.close();
        }
      }

      @Override
      public String location() {
        return target.toString();
      }
    };
  }

  /** Parts of at most {@code partSize} bytes plus a parts index, published together on commit. */
  public static ArchiveSink split(Path folder, String name, long partSize) {
    return new ArchiveSink() {
      private SplitOutputStream out;

      @Override
      public OutputStream open() throws IOException {
        if (Files.exists(folder.resolve(name)) || Files.exists(folder.resolve(
            io.airgap.archiver.storage.PartsIndex.fileName(name)))) {
          throw new FileAlreadyExistsException(folder.resolve(name).toString());
        }
        out = new SplitOutputStream(folder, name, partSize);
        return out;
      }

      @Override
      public void commit() throws IOException {
        out.close();
      }

      @Override
      public void abort() {
        if (out != null) {
          out.abort();
        }
      }

      @Override
      public String location() {
        return folder.resolve(io.airgap.archiver.storage.PartsIndex.fileName(name)).toString();
      }
    };
  }
}
