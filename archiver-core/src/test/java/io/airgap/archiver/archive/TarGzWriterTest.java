package io.airgap.archiver.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzWriterTest {
  private static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path tmp;

  /** Entries that cross every boundary: chunk, stored block, tar record, long names, empty and executable files. */
  static Map<String, byte[]> entries() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("SHA256SUMS", "abc  manifest.json\n".getBytes(StandardCharsets.US_ASCII));
    entries.put("manifest.json", ParallelGzipOutputStreamTest.text(700_000, 20));
    entries.put("repo.bundle", ParallelGzipOutputStreamTest.random(1_000_003, 21));
    entries.put("lfs/objects/ab/cd/" + "abcd".repeat(16), ParallelGzipOutputStreamTest.random(511, 22));
    entries.put("lfs/objects/ab/ce/" + "abce".repeat(16), new byte[0]);
    entries.put("restore-scripts/restore.sh", "#!/bin/sh\necho restore\n".getBytes(StandardCharsets.US_ASCII));
    return entries;
  }

  static byte[] write(int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarGzWriter tar = new TarGzWriter(out, MTIME, threads);
    for (Map.Entry<String, byte[]> e : entries().entrySet()) {
      boolean compressible = !e.getKey().equals("repo.bundle") && !e.getKey().startsWith("lfs/");
      int mode = e.getKey().endsWith(".sh") ? TarGzWriter.MODE_EXECUTABLE : TarGzWriter.MODE_FILE;
      tar.add(e.getKey(), e.getValue().length, new ByteArrayInputStream(e.getValue()), mode, compressible);
    }
    tar.finish();
    return out.toByteArray();
  }

  @Test
  void archive_isReadByStockGzipAndTar() throws Exception {
    Path archive = tmp.resolve("a.tar.gz");
    Files.write(archive, write(4));
    assertEquals(0, ParallelGzipOutputStreamTest.run("gzip", "-t", archive.toString()).exitCode());
    String listing = new String(ParallelGzipOutputStreamTest.run("tar", "-tzf", archive.toString()).stdout(),
        StandardCharsets.UTF_8);
    assertEquals(List.copyOf(entries().keySet()), List.of(listing.split("\n")), "names, in order");
    Path out = Files.createDirectory(tmp.resolve("x"));
    assertEquals(0, ParallelGzipOutputStreamTest.run("tar", "-xzf", archive.toString(), "-C", out.toString())
        .exitCode());
    for (Map.Entry<String, byte[]> e : entries().entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey())), e.getKey());
    }
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out.resolve("restore-scripts/restore.sh"))));
  }

  @Test
  void archive_isReadByArchiveReader() throws Exception {
    List<String> names = new ArrayList<>();
    try (ArchiveReader reader = ArchiveReader.open(new ByteArrayInputStream(write(2)))) {
      ArchiveReader.Entry entry;
      while ((entry = reader.next()) != null) {
        names.add(entry.name());
        InputStream content = entry.content();
        assertArrayEquals(entries().get(entry.name()), content.readNBytes((int) entry.size()), entry.name());
      }
    }
    assertEquals(List.copyOf(entries().keySet()), names);
  }

  @Test
  void archive_isByteIdenticalWhateverTheThreadCount() throws IOException {
    byte[] one = write(1);
    assertArrayEquals(one, write(2));
    assertArrayEquals(one, write(4));
  }
}
