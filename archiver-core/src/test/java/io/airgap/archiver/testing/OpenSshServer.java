package io.airgap.archiver.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's OpenSSH server on loopback, serving git over SSH to one client key, with its own
 * host key and known_hosts file — no system configuration touched.
 */
public final class OpenSshServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path clientKey;
  private final Path knownHosts;

  private OpenSshServer(Process process, int port, Path clientKey, Path knownHosts) {
    this.process = process;
    this.port = port;
    this.clientKey = clientKey;
    this.knownHosts = knownHosts;
  }

  public static OpenSshServer start(Path dir) throws Exception {
    return start(dir, null);
  }

  /**
   * {@link #start(Path)}, with {@code binDir} first on the PATH of every command the client runs (a
   * forced command in authorized_keys runs the client's command with it): server-side tools such as
   * {@code git-lfs-authenticate}.
   */
  public static OpenSshServer start(Path dir, Path binDir) throws Exception {
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    if (binDir == null) {
      Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    } else {
      Path wrapper = dir.resolve("with-bin.sh");
      Files.writeString(wrapper, "#!/bin/sh\nPATH='" + binDir.toAbsolutePath() + "':$PATH\nexport PATH\n"
          + "exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"\n");
      wrapper.toFile().setExecutable(true);
      Files.writeString(dir.resolve("authorized_keys"), "command=\"" + wrapper.toAbsolutePath() + "\" "
          + Files.readString(dir.resolve("client_key.pub")));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host_key").toAbsolutePath(),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys").toAbsolutePath(),
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM no",
        "PidFile " + dir.resolve("sshd.pid").toAbsolutePath(),
        ""), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(50);
      }
    }
    String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
        + hostKey.substring(0, hostKey.lastIndexOf(' ')) + "\n");
    return new OpenSshServer(process, port, dir.resolve("client_key"), knownHosts);
  }

  private static void keygen(Path file) throws Exception {
    Process p = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString()))
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed");
    }
  }

  /** {@code ssh://user@127.0.0.1:port/absolute/path} for a repository on this machine. */
  public String url(Path repository) {
    return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repository.toAbsolutePath();
  }

  public Path clientKey() {
    return clientKey;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
