package io.airgap.archiver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared steps of the end-to-end tests. */
final class Fixtures {
  private Fixtures() {}

  /** Key pair made by {@code archiver keygen} in {@code dir}. */
  record Keys(Path secret, Path pub) {
    static Keys generate(CliRunner cli, Path dir) {
      cli.run("keygen", "--out", dir.toString()).expect(0);
      return new Keys(dir.resolve("archiver-signing-secret.asc"), dir.resolve("archiver-signing-public.asc"));
    }
  }

  /** The single archive in {@code dir}. */
  /**
   * Waits until the clock shows a later second than now: archive names and creation times are precise to the
   * second, so two runs within one second could not be told apart.
   */
  static void awaitNextSecond() throws InterruptedException {
    Instant after = Instant.now();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Instant.now().getEpochSecond() <= after.getEpochSecond()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock did not move past " + after);
      }
      Thread.sleep(50);
    }
  }

  static Path onlyArchive(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      if (all.size() != 1 || !all.get(0).toString().endsWith(".tar.gz")) {
        throw new AssertionError("expected exactly one archive in " + dir + " but found " + all);
      }
      return all.get(0);
    }
  }

  static List<Path> listAll(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** Runs a process to completion; returns exit code and combined output. */
  static ProcessResult exec(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes());
    return new ProcessResult(p.waitFor(), output);
  }

  /** Exit code and output of a process. */
  record ProcessResult(int exitCode, String output) {}
}
