package io.airgap.archiver.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * C git's own server, {@code git daemon}, on loopback: serves every bare repository under one folder
 * at {@code git://127.0.0.1:<port>/<name>}, with pushes enabled (receive-pack), as a plain Git host
 * without LFS would.
 */
final class GitDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static GitDaemon start(Path root) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
        "--informative-errors", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + root, root.toString())
        .redirectErrorStream(true).redirectOutput(root.resolveSibling("git-daemon.log").toFile()).start();
    GitDaemon daemon = new GitDaemon(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return daemon;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IOException("git daemon exited with " + process.exitValue());
        }
        Thread.sleep(100);
      }
    }
    daemon.close();
    throw new IOException("git daemon did not start listening on port " + port);
  }

  String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
