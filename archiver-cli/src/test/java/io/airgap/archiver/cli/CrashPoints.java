package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airgap.archiver.testing.CGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** What the crash tests share: a source worth interrupting, and the checks after a kill. */
final class CrashPoints {
  private CrashPoints() {}

  /** Adds an incompressible file, so the fetch, the bundle and the archive take long enough to be caught mid-way. */
  static void addLargeFile(Path repo, int bytes) throws IOException {
    byte[] data = new byte[bytes];
    new Random(7).nextBytes(data);
    Files.write(repo.resolve("large.bin"), data);
    git(repo, "add", "large.bin");
    git(repo, "commit", "-q", "-m", "large binary");
  }

  /** Files a person sees in {@code dir} (hidden temporary and lock files left out). */
  static List<String> visibleFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  /** Every file in {@code dir}, hidden ones too. */
  static List<String> allFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Asserts the archive's bundle carries exactly the source's refs, read by C git. */
  static void assertCarriesExactly(Path source, Path archive, Path scratch) throws Exception {
    Files.createDirectories(scratch);
    Fixtures.ProcessResult untar = Fixtures.exec(scratch, "tar", "-xzf", archive.toString(), "repo.bundle");
    assertEquals(0, untar.exitCode(), untar.output());
    String heads = git(scratch, "bundle", "list-heads", scratch.resolve("repo.bundle").toString());
    List<String> carried = heads.lines().filter(l -> !l.endsWith(" HEAD")).sorted().toList();
    List<String> expected = git(source, "for-each-ref", "--format=%(objectname) %(refname)").lines().sorted().toList();
    assertEquals(expected, carried, "the archive carries exactly the source's refs");
  }

  /** Each ref of {@code target} is absent/unchanged or exactly the source's: never anything in between. */
  static void assertEachRefOldOrNew(String before, Path source, Path target) {
    List<String> now = CGit.refs(target).lines().toList();
    List<String> old = before.lines().toList();
    List<String> fresh = CGit.refs(source).lines().toList();
    for (String ref : now) {
      if (!old.contains(ref) && !fresh.contains(ref)) {
        throw new AssertionError("ref neither old nor new after the kill: " + ref + "\nold:\n" + before
            + "\nnew:\n" + String.join("\n", fresh));
      }
    }
  }
}
