package io.airgap.archiver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The CLI as its own JVM, as an operator or cron runs it, with the signals a crash test needs:
 * stop (SIGSTOP) at a point the test observed, then SIGKILL; and a watcher for files appearing.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  // under a trap, the CLI's JVM is strace's child
  private final boolean traced;
  private final Path log;

  private CliProcess(Process process, boolean traced, Path log) {
    this.process = process;
    this.traced = traced;
    this.log = log;
  }

  static CliProcess start(Path home, Map<String, String> env, String... args) throws IOException {
    return start(home, env, List.of(), args);
  }

  /** As {@link #start(Path, Map, String...)}, held by {@code trap} at the system call it sets. */
  static CliProcess start(Path home, Map<String, String> env, SyscallTrap trap, String... args) throws IOException {
    CliProcess started = start(home, env, trap.prefix(home), args);
    return new CliProcess(started.process, true, started.log);
  }

  private static CliProcess start(Path home, Map<String, String> env, List<String> prefix, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ArchiverCli.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(home, "process-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("ARCHIVER_CACHE", home.resolve("cache").toString());
    pb.environment().put("ARCHIVER_WORKSPACE_ROOT", home.resolve("workspaces").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", home.resolve("logs").toString());
    pb.environment().putAll(env);
    return new CliProcess(pb.start(), false, log);
  }

  /** The CLI's own PID (the one in its temporary file names and lock files). */
  long pid() {
    if (!traced) {
      return process.pid();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      // looked up afresh: a handle taken while strace's child was still starting can go stale
      Optional<ProcessHandle> child = process.children().findFirst();
      if (child.isPresent()) {
        return child.get().pid();
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("strace did not start the CLI:\n" + output());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Freezes the process where it is (SIGSTOP), so what the test saw stays true until it kills it. */
  void stop() throws IOException, InterruptedException {
    signal("-STOP");
    // kill(1) returns when the signal is sent, not when every thread has stopped: wait for state T
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && process.isAlive() && !stopped()) {
      Thread.sleep(1);
    }
  }

  private boolean stopped() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state.equals("T") || state.equals("t");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** SIGKILL: no shutdown hooks, no finally blocks, exactly like a power cut to the process. */
  void kill() throws IOException, InterruptedException {
    if (traced) {
      signal("-KILL");
      // strace reaps the killed JVM and then ends: killed first, it would leave a zombie that looks alive
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the CLI did not end after SIGKILL:\n" + output());
      }
      return;
    }
    process.destroyForcibly();
    process.waitFor();
  }

  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the CLI did not finish in " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    return textOf(log, "output");
  }

  /** A log file's text for a failure message, or why there is none. */
  static String textOf(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no " + what + ": " + e + ")";
    }
  }

  private void signal(String sig) throws IOException, InterruptedException {
    int rc = new ProcessBuilder("kill", sig, Long.toString(pid())).inheritIO().start().waitFor();
    if (rc != 0) {
      throw new AssertionError("kill " + sig + " " + pid() + " failed");
    }
  }

  /**
   * Watches {@code dir} (polling every millisecond) until a file whose name matches appears, or the
   * process ends; the file, if it appeared while the process was still running.
   */
  Optional<Path> awaitFile(Path dir, Predicate<String> name, long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          Optional<Path> hit = files.filter(p -> name.test(p.getFileName().toString())).findFirst();
          if (hit.isPresent()) {
            return hit;
          }
        } catch (IOException e) {
          // the folder changed under us: look again
        }
      }
      Thread.sleep(1);
    }
    return Optional.empty();
  }

  /** Waits until {@code file} holds this process's PID: it holds that lock. */
  boolean awaitLockHeld(Path file, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String pid = Long.toString(pid());
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (Files.exists(file) && Files.readString(file).startsWith(pid + " ")) {
          return true;
        }
      } catch (IOException e) {
        // being written: look again
      }
      Thread.sleep(1);
    }
    return false;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
