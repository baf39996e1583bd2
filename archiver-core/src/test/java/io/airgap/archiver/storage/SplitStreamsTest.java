package io.airgap.archiver.storage;

import io.airgap.archiver.internal.ChecksumMismatchException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting into parts for FAT32 drives, and reading the parts back as one checked stream. */
class SplitStreamsTest {
  private static final int PART = 1000;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, PART - 1, PART, PART + 1, 3 * PART + 7})
  void roundTrip_oddSizes(int size) throws IOException {
    byte[] data = TestData.bytes(size, size);
    Path folder = tmp.resolve("usb");
    PartsIndex index = split(folder, "x.tar.gz", data);

    int expectedParts = Math.max(1, (size + PART - 1) / PART);
    assertEquals(expectedParts, index.parts().size());
    assertEquals(size, index.size());
    assertEquals(TestData.sha256(data), index.sha256());
    assertEquals("x.tar.gz.part001", index.parts().get(0).name());
    for (PartsIndex.Part part : index.parts()) {
      assertEquals(part.size(), Files.size(folder.resolve(part.name())));
      assertTrue(part.size() <= PART);
    }
    assertEquals(PartsIndex.read(folder.resolve("x.tar.gz.parts.json")), index);

    for (Path start :
        List.of(
            folder.resolve("x.tar.gz.parts.json"),
            folder.resolve("x.tar.gz.part001"),
            folder.resolve("x.tar.gz"),
            folder)) {
      try (InputStream in = SplitInputStream.open(start)) {
        assertArrayEquals(data, in.readAllBytes(), "opened from " + start);
      }
    }
  }

  @Test
  void partsAreInvisibleUntilClose_andAbortLeavesNothing() throws IOException {
    Path folder = tmp.resolve("usb");
    SplitOutputStream out = new SplitOutputStream(folder, "x.tar.gz", PART);
    out.write(TestData.bytes(2500, 1));
    assertTrue(visibleFiles(folder).isEmpty(), "visible before close: " + visibleFiles(folder));
    out.abort();
    assertEquals(List.of(), allFiles(folder));
  }

  @Test
  void alteredPart_failsNamingIt() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART + 7, 2));
    try (RandomAccessFile part =
        new RandomAccessFile(folder.resolve("x.tar.gz.part002").toFile(), "rw")) {
      part.seek(10);
      int b = part.read();
      part.seek(10);
      part.write(b ^ 0xff);
    }
    try (InputStream in = SplitInputStream.open(folder.resolve("x.tar.gz.part001"))) {
      ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, in::readAllBytes);
      assertTrue(e.getMessage().startsWith("part x.tar.gz.part002 of 'x.tar.gz'"), e.getMessage());
    }
  }

  @Test
  void truncatedPart_failsAtOpenNamingIt() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART, 3));
    try (RandomAccessFile part =
        new RandomAccessFile(folder.resolve("x.tar.gz.part003").toFile(), "rw")) {
      part.setLength(PART - 1);
    }
    ChecksumMismatchException e =
        assertThrows(ChecksumMismatchException.class, () -> SplitInputStream.open(folder));
    assertTrue(e.getMessage().contains("x.tar.gz.part003"), e.getMessage());
  }

  @Test
  void missingPart_failsNamingIt() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART, 4));
    Files.delete(folder.resolve("x.tar.gz.part002"));
    DamagedSplitArchiveException e =
        assertThrows(
            DamagedSplitArchiveException.class,
            () -> SplitInputStream.open(folder.resolve("x.tar.gz.part001")));
    assertTrue(e.getMessage().contains("x.tar.gz.part002"), e.getMessage());
    assertTrue(e.getMessage().contains("part 2 of 3"), e.getMessage());
  }

  @Test
  void missingIndex_failsNamingIt() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(10, 5));
    Files.delete(folder.resolve("x.tar.gz.parts.json"));
    DamagedSplitArchiveException e =
        assertThrows(
            DamagedSplitArchiveException.class,
            () -> SplitInputStream.open(folder.resolve("x.tar.gz.part001")));
    assertTrue(e.getMessage().contains("x.tar.gz.parts.json"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x.tar.gz.part001", "/tmp/x.tar.gz.part001", "y.tar.gz.part001", "x.tar.gz.part009",
      ".x.tar.gz.part001"})
  void indexNamingAPartOtherThanItsOwn_isDamaged(String hostile) throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART, 6));
    Path index = folder.resolve("x.tar.gz.parts.json");
    Files.writeString(index, Files.readString(index).replace("\"x.tar.gz.part001\"", "\"" + hostile + "\""));
    DamagedSplitArchiveException e = assertThrows(DamagedSplitArchiveException.class, () -> SplitInputStream.open(index));
    assertTrue(e.getMessage().contains("part 1 "), e.getMessage());
  }

  @Test
  void indexWithAnUnknownKey_orOfAnotherArchive_isDamaged() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART, 7));
    Path index = folder.resolve("x.tar.gz.parts.json");
    String json = Files.readString(index);
    Files.writeString(index, json.replaceFirst("\\{", "{\"extra\": 1,"));
    DamagedSplitArchiveException unknown = assertThrows(DamagedSplitArchiveException.class,
        () -> SplitInputStream.open(index));
    assertTrue(unknown.getMessage().contains("unknown key 'extra'"), unknown.getMessage());

    Path other = folder.resolve("y.tar.gz.parts.json");
    Files.delete(index);
    Files.writeString(other, json);
    DamagedSplitArchiveException foreign = assertThrows(DamagedSplitArchiveException.class,
        () -> SplitInputStream.open(other));
    assertTrue(foreign.getMessage().contains("not of the archive its file name says"), foreign.getMessage());
  }

  @Test
  void splittingAgainWithFewerParts_removesTheStaleOnes() throws IOException {
    Path folder = tmp.resolve("usb");
    split(folder, "x.tar.gz", TestData.bytes(3 * PART, 6));
    byte[] shorter = TestData.bytes(PART, 7);
    split(folder, "x.tar.gz", shorter);
    assertEquals(List.of("x.tar.gz.part001", "x.tar.gz.parts.json"), visibleFiles(folder));
    try (InputStream in = SplitInputStream.open(folder)) {
      assertArrayEquals(shorter, in.readAllBytes());
    }
  }

  private static PartsIndex split(Path folder, String name, byte[] data) throws IOException {
    SplitOutputStream out = new SplitOutputStream(folder, name, PART);
    // Odd write sizes, so writes straddle part boundaries.
    for (int off = 0; off < data.length; off += 333) {
      out.write(data, off, Math.min(333, data.length - off));
    }
    out.close();
    return out.index();
  }

  private static List<String> visibleFiles(Path folder) throws IOException {
    return allFiles(folder).stream().filter(n -> !n.startsWith(".")).toList();
  }

  private static List<String> allFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
