package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain archive never touches the disk: {@code create --encrypt-to} and {@code restore --decrypt-key} run
 * as their own processes and are frozen (SIGSTOP) in the middle of writing; every file under the test folder —
 * output, cache, workspace, the JVM's temp folder — is then searched for the plain archive's bytes, and for a
 * plain git bundle or a secret the repository holds (but in the restore's workspace, which receives the repository
 * by design). Under strace, every write of whole encrypted creates (full to a folder, incremental on an encrypted
 * base to S3) is checked for a plain bundle or archive, whenever it happens.
 */
class EncryptedNoPlaintextTest {
  private static final String TIMESTAMP = "2026-04-01T00:00:00Z";
  private static final String SECRET = "the-launch-codes-are-0451-" + "x".repeat(40);
  private static final byte[][] BUNDLE_HEADERS = {ascii("# v2 git bundle\n"), ascii("# v3 git bundle\n")};
  private static final byte[] GZIP = {0x1f, (byte) 0x8b, 8};
  private static final byte[] TAR_OF_SUMS = ascii("SHA256SUMS\0");

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys signing;
  private Path recipientPublic;
  private Path recipientSecret;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    signing = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("airgap").toString()).expect(0);
    recipientPublic = tmp.resolve("airgap/archiver-encryption-public.asc");
    recipientSecret = tmp.resolve("airgap/archiver-encryption-secret.asc");
    src = SampleRepos.simple(tmp.resolve("src"));
    // Large enough that writing takes a while, so the run can be caught in the middle.
    byte[] data = new byte[48 << 20];
    new Random(11).nextBytes(data);
    Files.write(src.resolve("large.bin"), data);
    git(src, "add", "large.bin");
    git(src, "commit", "-q", "-m", "large binary");
    SampleRepos.commit(src, "config/credentials.txt", SECRET + "\n", "a secret only the archive may carry");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private Process start(String... args) throws IOException {
    return start(List.of(), Map.of(), args);
  }

  private Process start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("jvm-tmp")),
        "-cp", System.getProperty("java.class.path"), ArchiverCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("process-" + args[0] + ".log").toFile());
    pb.environment().put("ARCHIVER_CACHE", tmp.resolve("cache").toString());
    pb.environment().put("ARCHIVER_WORKSPACES", tmp.resolve("workspaces").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    pb.environment().put("TMPDIR", tmp.resolve("jvm-tmp").toString());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void signal(Process p, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("sh", "-c", "kill -" + signal + " " + p.pid()).start().waitFor());
  }

  /** Polls until {@code found} yields a file or the process ends; the file proves the run is in progress. */
  private static Optional<Path> awaitInProgress(Process p, Supplier<Optional<Path>> found) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && p.isAlive()) {
      Optional<Path> file = found.get();
      if (file.isPresent()) {
        return file;
      }
      Thread.sleep(1);
    }
    return Optional.empty();
  }

  private static Optional<Path> firstFile(Path dir, java.util.function.Predicate<Path> which) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(which).filter(f -> {
        try {
          return Files.size(f) > 0;
        } catch (IOException e) {
          return false;
        }
      }).findFirst();
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty(); // files come and go while the run writes
    }
  }

  /**
   * Every file under the test folder (but the source and the reference archive) holding plain archive bytes, or a
   * plain bundle or the repository's secret outside {@code product} (where a restore puts the repository it restores,
   * as it must: its workspace; null on the creating side).
   */
  private List<String> plaintextOnDisk(byte[] needle, Path product, Path... skip) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tmp)) {
      files = walk.filter(Files::isRegularFile).filter(f -> Arrays.stream(skip).noneMatch(f::startsWith)).toList();
    }
    assertTrue(files.size() > 10, "the scan saw too few files to mean anything: " + files);
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (startsWith(bytes, GZIP)) {
        found.add(f + " is gzip'd");
      } else if (indexOf(bytes, needle) >= 0) {
        found.add(f + " holds the plain archive's first bytes");
      } else if (product != null && f.startsWith(product)) {
        continue;
      } else if (Arrays.stream(BUNDLE_HEADERS).anyMatch(h -> startsWith(bytes, h))) {
        found.add(f + " is a plain git bundle");
      } else if (indexOf(bytes, ascii(SECRET)) >= 0) {
        found.add(f + " holds the repository's secret in the clear");
      }
    }
    return found;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      if (haystack[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void createAndRestore_frozenWhileWriting_leaveNoPlainArchiveBytesAnywhereOnDisk() throws Exception {
    // The same state, key and timestamp give the same plain archive: its first 4 KiB are what to look for.
    Path ref = tmp.resolve("reference");
    cli.run("create", "--source", src.toString(), "--output", ref.toString(), "--sign-key", signing.secret().toString(),
        "--timestamp", TIMESTAMP).expect(0);
    Path plain = Fixtures.onlyArchive(ref);
    byte[] needle = Arrays.copyOf(Files.readAllBytes(plain), 4096);

    Path out = tmp.resolve("out");
    Process create = start("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", signing.secret().toString(), "--timestamp", TIMESTAMP,
        "--encrypt-to", recipientPublic.toString());
    Optional<Path> partial = awaitInProgress(create,
        () -> firstFile(out, f -> f.getFileName().toString().contains(".partial-")));
    assertTrue(partial.isPresent(), "never saw create writing its output");
    signal(create, "STOP");
    try {
      assertTrue(create.isAlive());
      assertFalse(Files.exists(out.resolve(plain.getFileName() + ".gpg")), "create had already finished");
      byte[] written = Files.readAllBytes(partial.get());
      assertTrue(written.length > 0 && (written[0] & 0x80) != 0, "the partial output must be OpenPGP from its first byte");
      assertEquals(List.of(), plaintextOnDisk(needle, null, src, ref));
    } finally {
      signal(create, "CONT");
    }
    assertTrue(create.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, create.exitValue(), () -> read(tmp.resolve("process-create.log")));
    Path encrypted = out.resolve(plain.getFileName() + ".gpg");
    assertTrue(Files.exists(encrypted));

    Path workspace = tmp.resolve("ws");
    Path target = tmp.resolve("target.git");
    Process restore = start("restore", encrypted.toString(), "--target", target.toString(),
        "--trust", signing.pub().toString(), "--decrypt-key", recipientSecret.toString(),
        "--workspace", workspace.toString());
    Optional<Path> staged = awaitInProgress(restore, () -> firstFile(workspace.resolve("staging"), f -> true));
    assertTrue(staged.isPresent(), "never saw restore staging the archive's contents");
    signal(restore, "STOP");
    try {
      assertTrue(restore.isAlive());
      assertEquals(List.of(), plaintextOnDisk(needle, workspace, src, ref));
    } finally {
      signal(restore, "CONT");
    }
    assertTrue(restore.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, restore.exitValue(), () -> read(tmp.resolve("process-restore.log")));
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void encryptedCreates_fullToAFolder_thenIncrementalOnTheEncryptedBaseToS3_writeNoPlainBundleOrArchive_perStrace()
      throws Exception {
    try (S3ProxyFixture s3 = S3ProxyFixture.start()) {
      s3.createBucket("transfer");
      Map<String, String> aws = Map.of("AWS_ACCESS_KEY_ID", S3ProxyFixture.ACCESS_KEY,
          "AWS_SECRET_ACCESS_KEY", S3ProxyFixture.SECRET_KEY, "AWS_ENDPOINT_URL", s3.endpoint().toString());
      // the control: the same trace of a plain create sees its bundle and its archive in the clear
      Path plainOut = tmp.resolve("plain-out");
      List<String> plain = plaintextWrites(traced("plain", Map.of(), "create", "--source", src.toString(),
          "--output", plainOut.toString(), "--sign-key", signing.secret().toString()));
      String archive = Fixtures.onlyArchive(plainOut).getFileName().toString();
      assertTrue(plain.stream().anyMatch(f -> f.contains("/cache/tmp/") && f.endsWith("a plain git bundle")), plain::toString);
      assertTrue(plain.stream().anyMatch(f -> f.contains("/plain-out/." + archive) && f.endsWith("gzip'd from its first byte")),
          plain::toString);

      Path out = tmp.resolve("out");
      List<WriteTrace.Write> full = traced("full", aws, "create", "--source", src.toString(), "--output",
          out.toString(), "--sign-key", signing.secret().toString(), "--encrypt-to", recipientPublic.toString());
      List<Path> written = Fixtures.listAll(out);
      assertEquals(1, written.size(), written::toString);
      Path encrypted = written.get(0);
      assertTrue(encrypted.toString().endsWith(".tar.gz.gpg"), encrypted::toString);
      // the trace must have seen the files that matter, or its silence would prove nothing
      assertTrue(bytesWrittenUnder(full, out) >= Files.size(encrypted), "the trace missed the archive's writes");
      assertTrue(bytesWrittenUnder(full, tmp.resolve("cache/tmp")) >= 48 << 20,
          "the trace missed the bundle's scratch file");
      assertEquals(List.of(), plaintextWrites(full));

      byte[] more = new byte[8 << 20];
      new Random(12).nextBytes(more);
      Files.write(src.resolve("more.bin"), more);
      git(src, "add", "more.bin");
      git(src, "commit", "-q", "-m", "more data");
      SampleRepos.commit(src, "config/more-credentials.txt", SECRET + " again\n", "another secret");
      List<WriteTrace.Write> incremental = traced("incremental", aws, "create", "--source", src.toString(),
          "--output", "s3://transfer/nightly", "--sign-key", signing.secret().toString(),
          "--encrypt-to", recipientPublic.toString(), "--base", encrypted.toString(),
          "--decrypt-key", recipientSecret.toString());
      assertTrue(bytesWrittenUnder(incremental, tmp.resolve("cache/tmp")) >= 2 * (8L << 20),
          "the trace missed the bundle's scratch file or the upload's local copy");
      assertEquals(List.of(), plaintextWrites(incremental));
      assertTrue(s3.raw().listObjectsV2(b -> b.bucket("transfer").prefix("nightly/")).contents().stream()
          .anyMatch(o -> o.key().endsWith(".tar.gz.gpg")));
    }
  }

  /** Runs the CLI to its end under strace; every write it made to a file. */
  private List<WriteTrace.Write> traced(String label, Map<String, String> env, String... args) throws Exception {
    WriteTrace trace = new WriteTrace(tmp.resolve("strace-" + label + ".log"));
    Process p = start(trace.prefix(), env, args);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), label + " did not finish");
    assertEquals(0, p.exitValue(), () -> read(tmp.resolve("process-create.log")));
    return trace.writes();
  }

  private static long bytesWrittenUnder(List<WriteTrace.Write> writes, Path dir) {
    return writes.stream().filter(w -> w.path().startsWith(dir.toString() + "/")).mapToLong(w -> Math.max(0, w.count()))
        .sum();
  }

  /** Writes that put a plain git bundle or a plain archive (gzip'd or not) into a file, anywhere. */
  private static List<String> plaintextWrites(List<WriteTrace.Write> writes) {
    List<String> found = new ArrayList<>();
    for (WriteTrace.Write w : writes) {
      if (Arrays.stream(BUNDLE_HEADERS).anyMatch(w::startsWith)) {
        found.add(w.path() + ": a plain git bundle");
      } else if (w.first() && w.startsWith(GZIP)) {
        found.add(w.path() + ": gzip'd from its first byte");
      } else if (w.first() && w.startsWith(TAR_OF_SUMS)) {
        found.add(w.path() + ": a plain tar of the archive");
      } else if (w.count() < 0) {
        found.add(w.path() + ": copied into by the kernel, unseen");
      }
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
