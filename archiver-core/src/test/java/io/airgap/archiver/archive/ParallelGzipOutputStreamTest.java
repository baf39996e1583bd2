package io.airgap.archiver.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
  @TempDir
  Path tmp;

  /** Text that deflates well, several chunks long. */
  static byte[] text(int size, long seed) {
    Random random = new Random(seed);
    String[] words = {"commit", "tree", "blob", "pack", "delta", "index", "bundle", "archive", "verify", "restore"};
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes a mix of deflated and stored segments, in odd write sizes; returns the gzip bytes and the plain bytes. */
  static byte[][] mixed(int threads) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ParallelGzipOutputStream out = new ParallelGzipOutputStream(gz, Deflater.DEFAULT_COMPRESSION, threads);
    byte[][] segments = {text(1000, 1), random(300_000, 2), text(3 * ParallelGzipOutputStream.CHUNK + 17, 3),
        new byte[0], random(65_535, 4), random(65_536, 5), text(40_000, 6), random(1, 7), text(5, 8)};
    boolean compress = true;
    for (byte[] segment : segments) {
      out.setCompress(compress);
      int at = 0;
      int step = 1;
      while (at < segment.length) {
        int n = Math.min(step, segment.length - at);
        out.write(segment, at, n);
        at += n;
        step = step * 7 + 3; // 1, 10, 73, ... mixes single bytes with large writes
      }
      plain.write(segment);
      compress = !compress;
    }
    out.write('!');
    plain.write('!');
    out.finish();
    return new byte[][] {gz.toByteArray(), plain.toByteArray()};
  }

  @Test
  void mixedStream_decompressesWithJavaAndStockGzip() throws Exception {
    byte[][] result = mixed(4);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(result[0]))) {
      assertArrayEquals(result[1], in.readAllBytes());
    }
    Path file = tmp.resolve("mixed.gz");
    Files.write(file, result[0]);
    assertEquals(0, run("gzip", "-t", file.toString()).exitCode, "gzip -t accepts the stream");
    Run dc = run("gzip", "-dc", file.toString());
    assertEquals(0, dc.exitCode);
    assertArrayEquals(result[1], dc.stdout);
  }

  @Test
  void output_isTheSameWhateverTheThreadCount() throws IOException {
    byte[] one = mixed(1)[0];
    assertArrayEquals(one, mixed(2)[0]);
    assertArrayEquals(one, mixed(4)[0]);
  }

  @Test
  void incompressibleChunks_ofACompressedEntry_goOutStored_betweenDeflatedOnes() throws Exception {
    int chunk = ParallelGzipOutputStream.CHUNK;
    byte[] plain = new byte[8 * chunk];
    for (int i = 0; i < 8; i++) { // like a pack: runs of zlib streams with compressible stretches between
      byte[] part = i % 3 == 1 ? text(chunk, i) : random(chunk, i);
      System.arraycopy(part, 0, plain, i * chunk, chunk);
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ParallelGzipOutputStream out = new ParallelGzipOutputStream(gz, Deflater.DEFAULT_COMPRESSION, 2);
    out.write(plain);
    out.finish();
    int randomChunks = 6;
    int textDeflated = ParallelGzipOutputStream.deflate(text(chunk, 1), chunk, null, Deflater.DEFAULT_COMPRESSION).length;
    assertTrue(gz.size() < randomChunks * (chunk + 15) + 2 * textDeflated + 1024,
        "random chunks cost only stored-block headers (" + gz.size() + " bytes)");
    Path file = tmp.resolve("pack-like.gz");
    Files.write(file, gz.toByteArray());
    Run dc = run("gzip", "-dc", file.toString());
    assertEquals(0, dc.exitCode, "stock gzip reads deflated and stored chunks in one member");
    assertArrayEquals(plain, dc.stdout);
  }

  @Test
  void storedData_costsOnlyBlockHeaders() throws IOException {
    int size = 1 << 20;
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ParallelGzipOutputStream out = new ParallelGzipOutputStream(gz, Deflater.DEFAULT_COMPRESSION, 2);
    out.setCompress(false);
    out.write(random(size, 9));
    out.finish();
    int blocks = (size + 65_534) / 65_535;
    assertEquals(10 + blocks * 5 + 2 + 8, gz.size() - size, "header, 5 bytes per stored block, end block, trailer");
  }

  @Test
  void text_deflatesAboutAsWellAsOneStream() throws IOException {
    byte[] plain = text(8 * ParallelGzipOutputStream.CHUNK, 10);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ParallelGzipOutputStream out = new ParallelGzipOutputStream(gz, Deflater.DEFAULT_COMPRESSION, 4);
    out.write(plain);
    out.finish();
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream ref = new java.util.zip.GZIPOutputStream(single)) {
      ref.write(plain);
    }
    assertTrue(gz.size() < plain.length / 2, "text compresses: " + gz.size());
    assertTrue(gz.size() < single.size() * 1.02, "chunks primed with the previous 32 KiB lose little: "
        + gz.size() + " vs " + single.size());
  }

  @Test
  void emptyStream_isValidGzip() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    new ParallelGzipOutputStream(gz, Deflater.DEFAULT_COMPRESSION, 2).finish();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      assertEquals(0, in.readAllBytes().length);
    }
  }

  record Run(int exitCode, byte[] stdout) {}

  static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    return new Run(p.waitFor(), out);
  }
}
