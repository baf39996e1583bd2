package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real gpg binary in a throw-away home directory of its own, so tests never touch the user's keys. The home
 * lives directly under /tmp because gpg-agent's socket path must stay short.
 */
final class Gpg implements AutoCloseable {
  private final Path home;

  /** What one gpg run did. */
  record Result(int exitCode, String stdout, String stderr) {}

  Gpg() {
    try {
      home = Files.createTempDirectory(Path.of("/tmp"), "gpg",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      // The smallest S2K count keeps unlocking keys (in gpg-agent, and in exports read by Bouncy Castle) fast.
      Files.writeString(home.resolve("gpg-agent.conf"), "s2k-count 65536\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs gpg with {@code args}; fails the test unless it exits with 0. Returns stdout. */
  String ok(String... args) {
    Result result = run(args);
    assertEquals(0, result.exitCode(), () -> "gpg " + Arrays.toString(args) + " failed:\n" + result.stderr());
    return result.stdout();
  }

  /** Like {@link #ok}, with the passphrase given through loopback pinentry. */
  String okWithPassphrase(String passphrase, String... args) {
    return ok(withPassphrase(passphrase, args));
  }

  static String[] withPassphrase(String passphrase, String... args) {
    List<String> all = new ArrayList<>(List.of("--pinentry-mode", "loopback", "--passphrase", passphrase));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty"));
    command.addAll(List.of(args));
    return exec(command);
  }

  /** {@code gpg --verify}; its stdout holds the machine-readable status lines (GOODSIG, VALIDSIG, ...). */
  Result verify(Path signature, Path data) {
    return run("--status-fd", "1", "--verify", signature.toString(), data.toString());
  }

  /** Imports key material (armoured or binary). */
  void importKey(Path file) {
    ok("--import", file.toString());
  }

  /** Fingerprints (primary and sub) that {@code --list-keys --with-colons} shows, in order. */
  List<String> fingerprints() {
    return colonLines("--list-keys").stream().filter(f -> f[0].equals("fpr")).map(f -> f[9]).toList();
  }

  /** {@code --with-colons} key listing, each line split into its fields. */
  List<String[]> colonLines(String listCommand) {
    return ok("--with-colons", "--fixed-list-mode", listCommand).lines().map(l -> l.split(":", -1)).toList();
  }

  /** A path in a scratch directory next to the gpg home, deleted with it. */
  Path file(String name) {
    try {
      return Files.createDirectories(home.resolveSibling(home.getFileName() + "-files")).resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code bytes} to {@link #file}. */
  Path write(String name, byte[] bytes) {
    try {
      return Files.write(file(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path write(String name, String text) {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Path home() {
    return home;
  }

  @Override
  public void close() {
    exec(List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"));
    delete(home);
    delete(home.resolveSibling(home.getFileName() + "-files"));
  }

  private Result exec(List<String> command) {
    try {
      Path out = Files.createTempFile("gpg-out", ".txt");
      Path err = Files.createTempFile("gpg-err", ".txt");
      try {
        Process process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // The agent may still be removing its sockets; a leftover temp dir must not fail the test.
    }
  }
}
