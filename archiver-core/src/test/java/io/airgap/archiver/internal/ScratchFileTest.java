package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sealed scratch file reads back exactly what was written, while its bytes on disk show nothing of it. */
class ScratchFileTest {
  @TempDir Path tmp;

  /** Text that repeats, so any plain run of it on disk would show. */
  private static byte[] content(int size) {
    byte[] line = "# v2 git bundle\nsecret-launch-code-0451\n".getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = line[i % line.length];
    }
    return data;
  }

  private static void writeInOddPieces(OutputStream out, byte[] data) throws Exception {
    Random random = new Random(5);
    int off = 0;
    while (off < data.length) {
      int n = Math.min(data.length - off, random.nextInt(200_000));
      if (n == 1) {
        out.write(data[off]);
      } else {
        out.write(data, off, n);
      }
      off += n;
    }
  }

  private static byte[] readInOddPieces(InputStream in) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    Random random = new Random(6);
    byte[] buffer = new byte[100_000];
    while (true) {
      int b = in.read();
      if (b < 0) {
        return all.toByteArray();
      }
      all.write(b);
      int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length - 1));
      if (n < 0) {
        return all.toByteArray();
      }
      all.write(buffer, 0, n);
    }
  }

  @Test
  void sealed_readsBackExactly_twice_andItsFileHoldsNoPlainBytes() throws Exception {
    byte[] data = content(3_000_001);
    ScratchFile file = ScratchFile.sealed(tmp.resolve("repo.bundle"));
    assertTrue(file.sealed());
    try (OutputStream out = file.create()) {
      writeInOddPieces(out, data);
    }
    byte[] disk = Files.readAllBytes(file.file());
    assertEquals(data.length, disk.length, "counter mode keeps the size");
    assertFalse(new String(disk, StandardCharsets.ISO_8859_1).contains("secret-launch"), "plain text on disk");
    assertFalse(new String(disk, StandardCharsets.ISO_8859_1).startsWith("# v2"), "plain header on disk");
    for (int i = 0; i < 2; i++) {
      try (InputStream in = file.open()) {
        assertArrayEquals(data, readInOddPieces(in));
      }
    }
    try (InputStream in = file.open()) {
      assertEquals(1_000_000, in.skip(1_000_000));
      byte[] rest = in.readAllBytes();
      assertArrayEquals(Arrays.copyOfRange(data, 1_000_000, data.length), rest);
    }
  }

  @Test
  void eachSealedFile_hasAKeyOfItsOwn_andIsWrittenOnce() throws Exception {
    byte[] data = content(10_000);
    ScratchFile a = ScratchFile.sealed(tmp.resolve("a"));
    ScratchFile b = ScratchFile.sealed(tmp.resolve("b"));
    for (ScratchFile f : new ScratchFile[] {a, b}) {
      try (OutputStream out = f.create()) {
        out.write(data);
      }
    }
    assertFalse(Arrays.equals(Files.readAllBytes(a.file()), Files.readAllBytes(b.file())));
    assertThrows(IllegalStateException.class, a::create, "a counter-mode key must not encrypt twice");
  }

  @Test
  void plain_isTheFileAsWritten() throws Exception {
    byte[] data = content(70_000);
    ScratchFile file = ScratchFile.plain(tmp.resolve("plain"));
    assertFalse(file.sealed());
    try (OutputStream out = file.create()) {
      out.write(data);
    }
    assertArrayEquals(data, Files.readAllBytes(file.file()));
    try (InputStream in = file.open()) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }
}
