package io.airgap.archiver.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A package registry on loopback serving a folder in the registry's own layout (a folder answers
 * with its index.html, as static PEP 503 indexes do), optionally behind basic auth, with hooks to
 * serve altered content and a log of what was asked.
 */
final class RegistryServer implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String expectedAuth;
  private volatile Path fallback;
  private volatile boolean sawWrongAuth;

  private RegistryServer(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  static RegistryServer serve(Path root) throws IOException {
    return new RegistryServer(root);
  }

  /** Requires these basic-auth credentials on every request. */
  RegistryServer requireBasicAuth(String user, String password) {
    expectedAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Makes this a Maven repository backed by {@code localRepository} as well: a file missing from the
   * served folder is copied in from there on first request (never the local repository's own
   * bookkeeping files), and {@code .sha1} files are made from the file on disk when absent.
   */
  RegistryServer withMavenFallback(Path localRepository) {
    fallback = localRepository;
    return this;
  }

  /** Serves {@code content} at {@code path} instead of the file. */
  void override(String path, byte[] content) {
    overrides.put(path, content);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  boolean sawWrongAuth() {
    return sawWrongAuth;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      requests.add(path);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (expectedAuth != null && !expectedAuth.equals(auth)) {
        sawWrongAuth = true;
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = overrides.get(path);
      if (body == null && fallback != null) {
        body = maven(path);
      }
      if (body == null) {
        Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
        String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
        boolean json = false;
        if (file.startsWith(root) && Files.isDirectory(file)) {
          // a PEP 691 client asks for JSON first; folders holding index.json answer with it
          json = accept.contains("application/vnd.pypi.simple.v1+json") && Files.isRegularFile(file.resolve("index.json"));
          // an npm package's folder holds its registry document as index.json, and no index.html
          boolean npmDocument = !json && !Files.exists(file.resolve("index.html"));
          file = file.resolve(json || npmDocument ? "index.json" : "index.html");
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        body = Files.readAllBytes(file);
        exchange.getResponseHeaders().add("Content-Type", json ? "application/vnd.pypi.simple.v1+json"
            : file.toString().endsWith(".html") ? "text/html"
            : file.toString().endsWith(".json") ? "application/json" : "application/octet-stream");
      }
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A Maven repository file: copied in from the fallback repository, or a SHA-1 made from the file. */
  private byte[] maven(String path) throws IOException {
    String relative = path.replaceFirst("^/+", "");
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    if (name.equals("_remote.repositories") || name.endsWith(".lastUpdated") || name.startsWith("maven-metadata")
        || name.startsWith("resolver-status")) {
      return null;
    }
    Path file = root.resolve(relative).normalize();
    Path source = fallback.resolve(relative).normalize();
    if (!file.startsWith(root) || !source.startsWith(fallback)) {
      return null;
    }
    if (!Files.exists(file) && Files.isRegularFile(source) && !name.endsWith(".sha1")) {
      Files.createDirectories(file.getParent());
      Files.copy(source, file);
    }
    if (name.endsWith(".sha1") && !Files.exists(file)) {
      Path artifact = root.resolve(relative.substring(0, relative.length() - 5)).normalize();
      if (!Files.isRegularFile(artifact)) {
        Path fromFallback = fallback.resolve(relative.substring(0, relative.length() - 5)).normalize();
        if (!Files.isRegularFile(fromFallback)) {
          return null;
        }
        Files.createDirectories(artifact.getParent());
        Files.copy(fromFallback, artifact);
      }
      try {
        return io.airgap.archiver.internal.Hex.encode(java.security.MessageDigest.getInstance("SHA-1")
            .digest(Files.readAllBytes(artifact))).getBytes(StandardCharsets.US_ASCII);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
