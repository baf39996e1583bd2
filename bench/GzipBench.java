import io.airgap.archiver.archive.ParallelGzipOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * What the gzip writer buys, in one process: the previous writer (one GZIPOutputStream whose level
 * switches to NO_COMPRESSION for packs) against ParallelGzipOutputStream on 1 and on every core, for
 * incompressible data (a pack) and for compressible text (manifests, vendored sources). Best of 3.
 *
 * <p>Run: {@code java -cp archiver-cli/target/archiver.jar bench/GzipBench.java [MB]}
 */
public class GzipBench {
  public static void main(String[] args) throws IOException {
    int mb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    byte[] random = new byte[mb << 20];
    new Random(1).nextBytes(random);
    byte[] text = text(Math.max(16, mb / 4) << 20);
    Path out = Files.createTempFile("gzipbench", ".gz");
    try {
      System.out.printf("%d cores; %d MB incompressible, %d MB text; best of 3, seconds (MB/s)%n",
          Runtime.getRuntime().availableProcessors(), random.length >> 20, text.length >> 20);
      for (String writer : new String[] {"GZIPOutputStream, level switch", "parallel, 1 thread", "parallel, all cores"}) {
        System.out.printf("%-32s stored: %s   text: %s%n", writer, time(writer, random, false, out),
            time(writer, text, true, out));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static String time(String writer, byte[] data, boolean compress, Path file) throws IOException {
    double best = Double.MAX_VALUE;
    long size = 0;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 18)) {
        if (writer.startsWith("GZIP")) {
          LevelGzip gz = new LevelGzip(raw);
          gz.level(compress ? Deflater.DEFAULT_COMPRESSION : Deflater.NO_COMPRESSION);
          write(gz, data);
          gz.finish();
        } else {
          int threads = writer.endsWith("1 thread") ? 1 : ParallelGzipOutputStream.defaultThreads();
          ParallelGzipOutputStream gz = new ParallelGzipOutputStream(raw, Deflater.DEFAULT_COMPRESSION, threads);
          gz.setCompress(compress);
          write(gz, data);
          gz.finish();
        }
      }
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
      size = Files.size(file);
    }
    return String.format("%6.2f (%5.0f MB/s, %3.0f%%)", best, (data.length >> 20) / best, 100.0 * size / data.length);
  }

  /** 512-byte writes, as the tar stream hands them over. */
  static void write(OutputStream out, byte[] data) throws IOException {
    for (int at = 0; at < data.length; at += 512) {
      out.write(data, at, Math.min(512, data.length - at));
    }
  }

  static byte[] text(int size) {
    Random random = new Random(2);
    String[] words = {"refs/heads/", "feature", "commit", "\"sha256\": ", "tree", "blob", "0123abcd", "release"};
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextInt(100000)).append(random.nextInt(8) == 0 ? "\n" : " ");
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** The writer TarGzWriter used before: one deflater, its level switched per entry. */
  static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
    }

    void level(int level) {
      def.setLevel(level);
    }
  }
}
