package io.airgap.archiver.mirror;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mirror service's HTTP face: {@code GET /api/v1/mirrors} (the statuses), {@code POST
 * /api/v1/mirrors/{name}/sync} (202, runs it now), {@code GET /metrics} (Prometheus) and a small
 * read-only status page at {@code /}. With a bearer token every request must carry it; without
 * one the server listens on loopback only and answers only loopback names. Every request first
 * passes {@link MirrorRequestGuard} (token or Host, origin, content type); every exchange runs on
 * {@link ExchangeDeadlines}' bounded workers within a few seconds, so slow clients cannot starve others.
 */
public final class MirrorHttpServer implements AutoCloseable {
  private static final int WORKERS = 16;
  private static final int QUEUED = 64;
  /** For reading a request (headers and body) and answering it: ours are small and quick. */
  static final Duration EXCHANGE_DEADLINE = Duration.ofSeconds(5);
  /** POST bodies are not used; a JSON client may send a small one ({@code {}}). */
  private static final int MAX_BODY = 4096;

  private final HttpServer server;
  private final MirrorScheduler scheduler;
  private final MirrorRequestGuard guard;
  private final ExchangeDeadlines workers;

  private MirrorHttpServer(HttpServer server, MirrorScheduler scheduler, MirrorRequestGuard guard,
      ExchangeDeadlines workers) {
    this.server = server;
    this.scheduler = scheduler;
    this.guard = guard;
    this.workers = workers;
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
      HttpServer server = HttpServer.create(bind, 64);
      ExchangeDeadlines workers = new ExchangeDeadlines(WORKERS, QUEUED, EXCHANGE_DEADLINE);
      MirrorRequestGuard guard = new MirrorRequestGuard(token == null || token.isBlank() ? null : token,
          bind.getAddress(), server.getAddress().getPort());
      MirrorHttpServer api = new MirrorHttpServer(server, scheduler, guard, workers);
      server.createContext("/", api::handle);
      server.setExecutor(workers);
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
      String method = exchange.getRequestMethod();
      MirrorRequestGuard.Refusal refusal = guard.check(method, exchange.getRequestHeaders());
      if (refusal != null && refusal.status() == MirrorRequestGuard.UNAUTHORISED) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"archiver-mirror\"");
        send(exchange, refusal.status(), "application/json", json(Map.of("error", refusal.message())));
        return;
      }
      if (refusal != null) {
        send(exchange, refusal.status(), "text/plain; charset=utf-8",
            (refusal.message() + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (method.equals("POST") && !bodyWithinLimit(exchange)) {
        send(exchange, 413, "text/plain; charset=utf-8",
            ("refused: the request body is larger than " + MAX_BODY + " bytes\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (method.equals("GET") && path.equals("/api/v1/mirrors")) {
        send(exchange, 200, "application/json", json(MirrorStatuses.document(scheduler.statuses())));
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

  /** Reads (and drops: no route uses it) a POST body of at most {@link #MAX_BODY} bytes. */
  private static boolean bodyWithinLimit(HttpExchange exchange) throws IOException {
    InputStream body = exchange.getRequestBody();
    return body.readNBytes(MAX_BODY + 1).length <= MAX_BODY;
  }

  private static byte[] json(Object value) throws IOException {
    return Json.mapper().writeValueAsBytes(value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(1);
    workers.close();
  }
}
