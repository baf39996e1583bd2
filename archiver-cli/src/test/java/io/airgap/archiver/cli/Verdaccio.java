package io.airgap.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Verdaccio (the npm registry package, installed by {@code .ci/run} into {@code /opt/verdaccio})
 * on a loopback port: no uplinks (it knows only what is published to it), its own storage folder,
 * one htpasswd user, and every package readable and publishable by authenticated users only.
 */
final class Verdaccio implements AutoCloseable {
  static final Path BINARY = Path.of("/opt/verdaccio/bin/verdaccio");

  private final Process process;
  private final Path dir;
  private final int port;

  private Verdaccio(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static Verdaccio start(Path dir, String user, String password) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: .ci/run installs verdaccio@6 there");
    }
    Files.createDirectories(dir.resolve("storage"));
    Files.writeString(dir.resolve("htpasswd"), user + ":{SHA}" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)))
        + ":autocreated 2026-01-01T00:00:00.000Z\n");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Files.writeString(dir.resolve("config.yaml"), "storage: " + dir.resolve("storage") + "\n"
        + "auth:\n  htpasswd:\n    file: " + dir.resolve("htpasswd") + "\n    max_users: -1\n"
        + "uplinks: {}\n"
        + "packages:\n"
        + "  '@*/*':\n    access: $authenticated\n    publish: $authenticated\n"
        + "  '**':\n    access: $authenticated\n    publish: $authenticated\n"
        + "server:\n  keepAliveTimeout: 5\n"
        + "log: { type: stdout, format: pretty, level: warn }\n");
    Process process = new ProcessBuilder(BINARY.toString(), "--config", dir.resolve("config.yaml").toString(),
        "--listen", "127.0.0.1:" + port).redirectErrorStream(true)
        .redirectOutput(dir.resolve("verdaccio.log").toFile()).start();
    Verdaccio v = new Verdaccio(process, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return v;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IOException("verdaccio exited with " + process.exitValue() + ":\n"
              + Files.readString(dir.resolve("verdaccio.log")));
        }
        Thread.sleep(200);
      }
    }
    v.close();
    throw new IOException("verdaccio did not start listening on port " + port);
  }

  /** {@code http://127.0.0.1:<port>/}. */
  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** A token from the registry's login API ({@code npm login}'s PUT, with the user's basic credentials), for {@code Authorization: Bearer}. */
  String login(String user, String password) throws Exception {
    String body = Json.mapper().createObjectNode().put("name", user).put("password", password).toString();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url() + "-/user/org.couchdb.user:" + user))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8)))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError("login: " + r.statusCode() + " " + r.body());
    }
    return Json.mapper().readTree(r.body()).path("token").asText();
  }

  /** The registry's document of a package, read with {@code token}. */
  JsonNode document(String name, String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url() + name.replace("/", "%2f"))).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 404 ? null : Json.mapper().readTree(r.body());
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("verdaccio.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
