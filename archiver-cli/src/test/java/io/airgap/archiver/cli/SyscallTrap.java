package io.airgap.archiver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Holds the CLI exactly at one system call, with no test code in the product: the CLI runs under
 * strace, which makes the chosen call (say, the rename of a finished archive) fail unexecuted and
 * freezes the process with SIGSTOP on it; the test sees the trap spring in strace's log, looks,
 * and SIGKILLs. The call never happens, so what the test checks is the state just before it.
 */
final class SyscallTrap {
  private static final String SPRUNG = "(INJECTED)";

  private final List<String> syscalls;
  private final List<Path> paths;
  private final int nth;
  private Path log;

  private SyscallTrap(List<String> syscalls, List<Path> paths, int nth) {
    this.syscalls = syscalls;
    this.paths = paths;
    this.nth = nth;
  }

  /**
   * The moment a finished file would be published at {@code target}: the writer looks for it once
   * before writing and once more, with the temporary file complete and synced, right before the
   * rename (it never replaces a file).
   */
  static SyscallTrap beforePublishing(Path target) {
    return new SyscallTrap(List.of("access", "faccessat", "faccessat2"), List.of(target.toAbsolutePath()), 2);
  }

  /** The rename of {@code from} (strace matches a rename by its first path). */
  static SyscallTrap renameOf(Path from) {
    return new SyscallTrap(List.of("rename", "renameat", "renameat2"), List.of(from.toAbsolutePath()), 1);
  }

  /** The {@code nth} rename the process makes, wherever it is. */
  static SyscallTrap nthRename(int nth) {
    return new SyscallTrap(List.of("rename", "renameat", "renameat2"), List.of(), nth);
  }

  /** The {@code nth} hard link the process makes (the installer links a pack, then its index). */
  static SyscallTrap nthLink(int nth) {
    return new SyscallTrap(List.of("link", "linkat"), List.of(), nth);
  }

  /** The command prefix that runs {@code command} under the trap, logging to a file in {@code dir}. */
  List<String> prefix(Path dir) throws IOException {
    log = Files.createTempFile(dir, "strace-", ".log");
    String set = String.join(",", syscalls);
    // no --seccomp-bpf: with it strace 6.1 drops the injected signal
    List<String> prefix = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", log.toString(),
        "-e", "trace=" + set, "-e", "inject=" + set + ":error=EIO:signal=SIGSTOP:when=" + nth));
    paths.forEach(p -> prefix.addAll(List.of("-P", p.toString())));
    return prefix;
  }

  /** Waits until the trapped call was made and the process frozen on it; the call as strace logged it. */
  Optional<String> awaitSprung(CliProcess process, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Optional<String> call = lines.stream().filter(l -> l.contains(SPRUNG)).findFirst();
        if (call.isPresent() && lines.stream().anyMatch(l -> l.contains("stopped by SIGSTOP"))) {
          return call;
        }
      } catch (IOException e) {
        // being written: look again
      }
      Thread.sleep(5);
    }
    return Optional.empty();
  }

  /** strace's log, for a failure message. */
  String log() {
    return CliProcess.textOf(log, "strace log");
  }
}
