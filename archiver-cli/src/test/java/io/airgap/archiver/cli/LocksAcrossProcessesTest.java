package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real JVMs on one cache, one workspace, one output name: with a short {@code --lock-timeout}
 * the second fails (exit 1, naming the lock and the holder's PID); with the default it waits, says
 * so, and goes on when the first finishes. The first is frozen (SIGSTOP) while it holds the lock.
 */
class LocksAcrossProcessesTest {
  private static final String TIME = "2026-01-01T00:00:00Z";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  private String[] create(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        out.toString(), "--sign-key", keys.secret().toString(), "--no-deps"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** The lock file in {@code dir} that names {@code p}, once {@code p} holds it. */
  private static Path awaitHeldLock(CliProcess p, Path dir, String prefix) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline && p.isAlive()) {
      Optional<Path> held = lockFiles(dir, prefix).stream().filter(f -> holds(f, p.pid())).findFirst();
      if (held.isPresent()) {
        return held.get();
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the first run never held a lock in " + dir + ":\n" + p.output());
  }

  private static List<Path> lockFiles(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)
          && f.getFileName().toString().endsWith(".lock")).toList();
    }
  }

  private static boolean holds(Path lock, long pid) {
    try {
      return Files.readString(lock).startsWith(pid + " ");
    } catch (IOException e) {
      return false;
    }
  }

  /** Holds {@code first} frozen inside its lock, runs the checks, then lets it finish. */
  private void whileFrozen(CliProcess first, Path lockDir, String prefix, String what, String[] second)
      throws Exception {
    Path lock = awaitHeldLock(first, lockDir, prefix);
    first.stop();
    assertTrue(holds(lock, first.pid()), "frozen while holding " + lock);
    try (CliProcess impatient = CliProcess.start(tmp, Map.of(), withTimeout(second, "1s"))) {
      assertEquals(1, impatient.waitFor(120), impatient.output());
      String said = impatient.output();
      assertTrue(said.contains("gave up after 1s waiting for " + what), said);
      assertTrue(said.contains("process " + first.pid() + " holds the lock " + lock), said);
      assertTrue(!said.contains("\tat "), "no stack trace: " + said);
    }
    try (CliProcess patient = CliProcess.start(tmp, Map.of(), second)) {
      awaitOutput(patient, "waiting up to 10m for " + what + ", which process " + first.pid() + " is using");
      first.resume();
      assertEquals(0, first.waitFor(120), first.output());
      assertEquals(0, patient.waitFor(120), patient.output());
    }
  }

  private static String[] withTimeout(String[] args, String timeout) {
    String[] copy = java.util.Arrays.copyOf(args, args.length + 2);
    copy[args.length] = "--lock-timeout";
    copy[args.length + 1] = timeout;
    return copy;
  }

  private static void awaitOutput(CliProcess p, String text) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline && p.isAlive() && !p.output().contains(text)) {
      Thread.sleep(20);
    }
    assertTrue(p.output().contains(text), "expected '" + text + "' while waiting:\n" + p.output());
  }

  @Test
  void twoCreatesOnOneCache_secondFailsNamingTheHolder_orWaitsAndFinishes() throws Exception {
    try (CliProcess first = CliProcess.start(tmp, Map.of(), create(tmp.resolve("out-a")))) {
      whileFrozen(first, tmp.resolve("cache").resolve("locks"), "", "the cache of " + src,
          create(tmp.resolve("out-b")));
    }
    cli.run("verify", Fixtures.onlyArchive(tmp.resolve("out-a")).toString(), "--trust", keys.pub().toString()).expect(0);
    cli.run("verify", Fixtures.onlyArchive(tmp.resolve("out-b")).toString(), "--trust", keys.pub().toString()).expect(0);
  }

  @Test
  void twoRestoresOnOneWorkspace_secondFailsNamingTheHolder_orWaitsAndFinishes() throws Exception {
    cli.run(create(tmp.resolve("out"))).expect(0);
    Path target = tmp.resolve("target.git");
    Path ws = tmp.resolve("ws");
    String[] restore = {"restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", ws.toString()};
    try (CliProcess first = CliProcess.start(tmp, Map.of(), restore)) {
      whileFrozen(first, ws, ".lock", "the workspace " + ws, restore);
    }
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void twoCreatesOfOneOutputName_withTheirOwnCaches_secondFailsOrWaitsThenRefusesToOverwrite() throws Exception {
    Path out = tmp.resolve("out");
    Map<String, String> otherCache = Map.of("ARCHIVER_CACHE", tmp.resolve("cache-2").toString());
    String[] args = create(out, "--timestamp", TIME);
    Path lock = null;
    CliProcess frozen = null;
    // a small archive is written in milliseconds: the freeze can land after the run let the lock go; then
    // that run finishes, its archive is removed, and another is frozen (the test goes on only once it holds)
    for (int attempt = 1; frozen == null; attempt++) {
      CliProcess candidate = CliProcess.start(tmp, Map.of(), args);
      lock = awaitHeldLock(candidate, out, ".src");
      candidate.stop();
      if (holds(lock, candidate.pid())) {
        frozen = candidate;
      } else {
        candidate.resume();
        assertEquals(0, candidate.waitFor(120), candidate.output());
        candidate.close();
        for (String f : CrashPoints.allFiles(out)) {
          Files.delete(out.resolve(f));
        }
        assertTrue(attempt < 5, "five runs let the output lock go before they could be frozen holding it");
      }
    }
    try (CliProcess first = frozen) {
      try (CliProcess impatient = CliProcess.start(tmp, otherCache, withTimeout(args, "1s"))) {
        assertEquals(1, impatient.waitFor(120), impatient.output());
        assertTrue(impatient.output().contains("process " + first.pid() + " holds the lock " + lock),
            impatient.output());
      }
      try (CliProcess patient = CliProcess.start(tmp, otherCache, args)) {
        awaitOutput(patient, "waiting up to 10m for the output " + out.resolve("src-full-20260101T000000Z.tar.gz"));
        first.resume();
        assertEquals(0, first.waitFor(120), first.output());
        assertEquals(2, patient.waitFor(120), patient.output());
        assertTrue(patient.output().contains("already exists"), patient.output());
      }
    }
    assertEquals(List.of("src-full-20260101T000000Z.tar.gz"), CrashPoints.allFiles(out), "one archive, no lock left");
    cli.run("verify", Fixtures.onlyArchive(out).toString(), "--trust", keys.pub().toString()).expect(0);
  }
}
