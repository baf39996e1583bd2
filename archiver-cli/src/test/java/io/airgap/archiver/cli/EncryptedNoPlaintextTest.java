package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * output, cache, workspace, the JVM's temp folder — is then searched for the plain archive's bytes.
 */
class EncryptedNoPlaintextTest {
  private static final String TIMESTAMP = "2026-04-01T00:00:00Z";

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
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("jvm-tmp")),
        "-cp", System.getProperty("java.class.path"), ArchiverCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("process-" + args[0] + ".log").toFile());
    pb.environment().put("ARCHIVER_CACHE", tmp.resolve("cache").toString());
    pb.environment().put("ARCHIVER_WORKSPACES", tmp.resolve("workspaces").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    pb.environment().put("TMPDIR", tmp.resolve("jvm-tmp").toString());
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

  /** Every file under the test folder (but the source and the reference archive) holding plain archive bytes. */
  private List<String> plaintextOnDisk(byte[] needle, Path... skip) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tmp)) {
      files = walk.filter(Files::isRegularFile).filter(f -> Arrays.stream(skip).noneMatch(f::startsWith)).toList();
    }
    assertTrue(files.size() > 10, "the scan saw too few files to mean anything: " + files);
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length >= 3 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b && bytes[2] == 8) {
        found.add(f + " is gzip'd");
      } else if (indexOf(bytes, needle) >= 0) {
        found.add(f + " holds the plain archive's first bytes");
      }
    }
    return found;
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
      assertEquals(List.of(), plaintextOnDisk(needle, src, ref));
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
      assertEquals(List.of(), plaintextOnDisk(needle, src, ref));
    } finally {
      signal(restore, "CONT");
    }
    assertTrue(restore.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, restore.exitValue(), () -> read(tmp.resolve("process-restore.log")));
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
