package io.airgap.archiver.mirror;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The mirror service's HTTP face: {@code GET /api/v1/mirrors} (the statuses), {@code POST
 * /api/v1/mirrors/{name}/sync} (202, runs it now), {@code GET /metrics} (Prometheus) and a small
 * read-only status page at {@code /}. With a bearer token every request must carry it; without
 * one the server listens on loopback only.
 */
public final class MirrorHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final MirrorScheduler scheduler;
  private final byte[] token;

  private MirrorHttpServer(HttpServer server, MirrorScheduler scheduler, String token) {
    this.server = server;
    this.scheduler = scheduler;
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Listens on {@code host:port}; a non-loopback address needs a token. */
  public static MirrorHttpServer start(String address, String token, MirrorScheduler scheduler)
      throws ArchiverException {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new InvalidRequestException("--http takes HOST:PORT (e.g. 127.0.0.1:8080), not '" + address + "'");
    }
    String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("--http takes HOST:PORT; '" + address.substring(colon + 1) + "' is no port");
    }
    InetSocketAddress bind = new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    if ((token == null || token.isBlank()) && (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress())) {
      throw new InvalidRequestException("the mirror API on " + address + " would be reachable from other hosts"
          + " without a token: set ARCHIVER_MIRROR_TOKEN, or listen on 127.0.0.1");
    }
    try {
      HttpServer server = HttpServer.create(bind, 16);
      MirrorHttpServer api = new MirrorHttpServer(server, scheduler, token == null || token.isBlank() ? null : token);
      server.createContext("/", api::handle);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "mirror-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return api;
    } catch (IOException e) {
      throw new OperationFailedException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound (for {@code :0}). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorised(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"archiver-mirror\"");
        send(exchange, 401, "application/json", json(Map.of("error", "a bearer token is required")));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/api/v1/mirrors")) {
        send(exchange, 200, "application/json", json(Map.of("mirrors", scheduler.statuses())));
      } else if (method.equals("POST") && path.matches("/api/v1/mirrors/[^/]+/sync")) {
        String name = path.substring("/api/v1/mirrors/".length(), path.length() - "/sync".length());
        boolean known = scheduler.trigger(name);
        send(exchange, known ? 202 : 404, "application/json", json(known
            ? Map.of("mirror", name, "accepted", true) : Map.of("error", "no mirror named '" + name + "'")));
      } else if (method.equals("GET") && path.equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
            MirrorMetrics.render(scheduler.file(), scheduler.statuses()).getBytes(StandardCharsets.UTF_8));
      } else if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
        send(exchange, 200, "text/html; charset=utf-8",
            MirrorStatusPage.render(scheduler.statuses()).getBytes(StandardCharsets.UTF_8));
      } else {
        send(exchange, 404, "application/json", json(Map.of("error", "not found: " + method + " " + path)));
      }
    } catch (ArchiverException e) {
      send(exchange, 500, "application/json", json(Map.of("error", e.getMessage())));
    }
  }

  private boolean authorised(HttpExchange exchange) {
    if (token == null) {
      return true;
    }
    List<String> given = exchange.getRequestHeaders().get("Authorization");
    return given != null && given.size() == 1
        && MessageDigest.isEqual(token, given.get(0).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] json(Object value) throws IOException {
    return Json.mapper().writeValueAsBytes(value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
