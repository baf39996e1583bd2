package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airgap.archiver.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stock gpg in a throw-away home of its own (under /tmp: gpg-agent's socket path must stay short), as the
 * security officer on the air-gapped side uses it. Passphrases go through loopback pinentry on stdin.
 */
final class GpgHome implements AutoCloseable {
  private final Path home;

  /** Exit code, stdout and stderr of one gpg run. */
  record Result(int exitCode, String stdout, String stderr) {}

  GpgHome() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "gpg",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // A small S2K count keeps exported keys quick to unlock (in gpg and in Bouncy Castle).
    Files.writeString(home.resolve("gpg-agent.conf"), "s2k-count 65536\n");
  }

  /** The home folder, for stock commands run with {@code GNUPGHOME} set to it. */
  Path dir() {
    return home;
  }

  /** Runs gpg; {@code passphrase} (or null) is fed on stdin through loopback pinentry. */
  Result run(String passphrase, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty"));
    if (passphrase != null) {
      command.addAll(List.of("--pinentry-mode", "loopback", "--passphrase-fd", "0"));
    }
    command.addAll(List.of(args));
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (var stdin = p.getOutputStream()) {
      if (passphrase != null) {
        stdin.write((passphrase + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("gpg timed out: " + command);
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Like {@link #run}, failing the test unless gpg exits with 0. */
  Result ok(String passphrase, String... args) throws IOException, InterruptedException {
    Result r = run(passphrase, args);
    assertEquals(0, r.exitCode(), () -> "gpg " + Arrays.toString(args) + " failed:\n" + r.stderr());
    return r;
  }

  /** The long ids of the encryption-capable subkeys in a public key file, as gpg reads them. */
  List<String> encryptionSubkeyIds(Path publicKeyFile) throws IOException, InterruptedException {
    return ok(null, "--with-colons", "--show-keys", publicKeyFile.toString()).stdout().lines()
        .map(l -> l.split(":", -1)).filter(f -> f[0].equals("sub") && f[11].contains("e")).map(f -> f[4]).toList();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor(30, TimeUnit.SECONDS);
    FileTrees.deleteQuietly(home);
  }
}
