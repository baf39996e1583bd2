package io.airgap.archiver.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.storage.ArchiveStoreContract;
import io.airgap.archiver.storage.TestData;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The store contract on a local folder, plus what only a disk can do: fill up. */
class LocalArchiveStoreTest extends ArchiveStoreContract {

  @Override
  protected ArchiveStore newStore() {
    return new LocalArchiveStore(tmp.resolve("store"));
  }

  @Test
  void diskFull_givesClearMessage_andRemovesTheTemporaryFile() throws Exception {
    Path folder = tmp.resolve("full");
    // The real file is written, but the "disk" fills up after 64 KiB: what ENOSPC looks like to
    // Java.
    LocalArchiveStore full =
        new LocalArchiveStore(folder, file -> fillsUpAfter(Files.newOutputStream(file), 64 * 1024));
    byte[] data = TestData.bytes(300_000, 7);

    OperationFailedException e =
        assertThrows(
            OperationFailedException.class,
            () ->
                full.put(
                    "x.tar.gz",
                    new ByteArrayInputStream(data),
                    data.length,
                    null,
                    ProgressListener.NONE));

    assertTrue(e.getMessage().contains("is full"), e.getMessage());
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
    assertEquals(List.of(), filesIn(folder), "temporary file left behind");
  }

  @Test
  void freeSpaceCheck_absurdSize_givesClearMessageBeforeWriting() throws Exception {
    long absurd = Long.MAX_VALUE / 2;
    OperationFailedException e =
        assertThrows(
            OperationFailedException.class,
            () ->
                store.put(
                    "x.tar.gz",
                    new ByteArrayInputStream(new byte[1]),
                    absurd,
                    null,
                    ProgressListener.NONE));
    assertTrue(
        e.getMessage().startsWith("not enough free space in " + tmp.resolve("store")),
        e.getMessage());
    assertTrue(e.getMessage().contains("needs 4.0 EiB (" + absurd + " bytes)"), e.getMessage());
    assertTrue(e.getMessage().contains("available"), e.getMessage());
    assertEquals(List.of(), filesIn(tmp.resolve("store")));
  }

  @Test
  void list_skipsHiddenFilesAndFolders() throws Exception {
    Path folder = tmp.resolve("store");
    Files.createDirectories(folder.resolve("sub"));
    Files.write(folder.resolve(".x.tar.gz.abc.tmp"), new byte[] {1});
    Files.write(folder.resolve("a.tar.gz"), new byte[] {1, 2});
    assertEquals(List.of("a.tar.gz"), names(store.list()));
  }

  @Test
  void put_reportsProgressInBytes() throws Exception {
    List<ProgressEvent> events = new ArrayList<>();
    byte[] data = TestData.bytes(1000, 8);
    store.put("x.tar.gz", new ByteArrayInputStream(data), data.length, null, events::add);
    assertEquals(
        new ProgressEvent.Progress("write x.tar.gz", 1000, 1000, ProgressEvent.Unit.BYTES),
        events.get(events.size() - 1));
  }

  private static OutputStream fillsUpAfter(OutputStream out, long capacity) {
    return new FilterOutputStream(out) {
      private long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > capacity) {
          throw new IOException("No space left on device");
        }
        written += len;
        out.write(b, off, len);
      }
    };
  }

  private static List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
