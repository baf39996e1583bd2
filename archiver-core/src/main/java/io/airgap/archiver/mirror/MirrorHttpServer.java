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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mirror service's HTTP face: {@code GET /api/v1/mirrors} (the statuses), {@code POST
 * /api/v1/mirrors/{name}/sync} (202, runs it now), {@code GET /metrics} (Prometheus) and a small
 * read-only status page at {@code /}. With a bearer token every API request must carry it; a
 * browser logs in at the page's form instead ({@code POST /login}, {@code POST /logout}) and gets a
 * session cookie for the pages ({@link MirrorSessions}, guesses limited by {@link LoginAttempts}).
 * Without a token the server listens on loopback only and answers only loopback names. Every
 * request first passes {@link MirrorRequestGuard} (token, session or Host, origin, content type);
 * every exchange runs on {@link ExchangeDeadlines}' bounded workers within a few seconds, so slow
 * clients cannot starve others.
 */
public final class MirrorHttpServer implements AutoCloseable {
  private static final int WORKERS = 16;
  private static final int QUEUED = 64;
  /** For reading a request (headers and body) and answering it: ours are small and quick. */
  static final Duration EXCHANGE_DEADLINE = Duration.ofSeconds(5);
  /** POST bodies: the login form's, or a JSON client's small one ({@code {}}), which is not used. */
  private static final int MAX_BODY = 4096;
  /** How long a wrong token's answer waits: with {@link LoginAttempts}, guessing is slow. */
  private static final Duration FAILED_LOGIN_DELAY = Duration.ofSeconds(1);

  private final HttpServer server;
  private final MirrorScheduler scheduler;
  private final MirrorRequestGuard guard;
  private final ExchangeDeadlines workers;
  private final MirrorSessions sessions;
  private final LoginAttempts attempts;

  private MirrorHttpServer(HttpServer server, MirrorScheduler scheduler, MirrorRequestGuard guard,
      ExchangeDeadlines workers, MirrorSessions sessions, LoginAttempts attempts) {
    this.server = server;
    this.scheduler = scheduler;
    this.guard = guard;
    this.workers = workers;
    this.sessions = sessions;
    this.attempts = attempts;
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
      MirrorSessions sessions = new MirrorSessions(Clock.systemUTC());
      MirrorRequestGuard guard = new MirrorRequestGuard(token == null || token.isBlank() ? null : token,
          bind.getAddress(), server.getAddress().getPort(), sessions);
      MirrorHttpServer api = new MirrorHttpServer(server, scheduler, guard, workers, sessions,
          new LoginAttempts(Clock.systemUTC()));
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
      String path = exchange.getRequestURI().getPath();
      MirrorRequestGuard.Refusal refusal = guard.check(method, path, exchange.getRequestHeaders());
      if (refusal != null && refusal.status() == MirrorRequestGuard.UNAUTHORISED) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"archiver-mirror\"");
        if (MirrorRequestGuard.page(method, path)) {
          sendPage(exchange, 401, MirrorStatusPage.login(null));
        } else {
          send(exchange, refusal.status(), "application/json", json(Map.of("error", refusal.message())));
        }
        return;
      }
      if (refusal != null) {
        send(exchange, refusal.status(), "text/plain; charset=utf-8",
            (refusal.message() + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body = method.equals("POST") ? exchange.getRequestBody().readNBytes(MAX_BODY + 1) : new byte[0];
      if (body.length > MAX_BODY) {
        send(exchange, 413, "text/plain; charset=utf-8",
            ("refused: the request body is larger than " + MAX_BODY + " bytes\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
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
        sendPage(exchange, 200, MirrorStatusPage.render(scheduler.statuses(), guard.tokenRequired()));
      } else if (guard.tokenRequired() && method.equals("GET") && path.equals(MirrorRequestGuard.LOGIN)) {
        redirectHome(exchange);
      } else if (guard.tokenRequired() && method.equals("POST") && path.equals(MirrorRequestGuard.LOGIN)) {
        login(exchange, body);
      } else if (guard.tokenRequired() && method.equals("POST") && path.equals(MirrorRequestGuard.LOGOUT)) {
        guard.sessionCookies(exchange.getRequestHeaders()).forEach(sessions::close);
        exchange.getResponseHeaders().add("Set-Cookie", cookie("", 0));
        exchange.sendResponseHeaders(204, -1);
      } else {
        send(exchange, 404, "application/json", json(Map.of("error", "not found: " + method + " " + path)));
      }
    } catch (ArchiverException e) {
      send(exchange, 500, "application/json", json(Map.of("error", e.getMessage())));
    }
  }

  /**
   * The login form's POST: the token (never echoed, logged or put in a URL) for a session cookie
   * holding a random id, then back to the page; a wrong one gets the form again, after a delay.
   */
  private void login(HttpExchange exchange, byte[] body) throws IOException {
    Duration wait = attempts.attempt(exchange.getRemoteAddress().getAddress());
    if (wait != null) {
      long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
      exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
      sendPage(exchange, 429, MirrorStatusPage.login("Too many login attempts from your address: try again in "
          + minutes + " minute(s). Scripts can use the bearer token meanwhile."));
      return;
    }
    if (guard.isToken(formField(body, "token"))) {
      attempts.succeeded(exchange.getRemoteAddress().getAddress());
      guard.sessionCookies(exchange.getRequestHeaders()).forEach(sessions::close); // a login replaces the old session
      exchange.getResponseHeaders().add("Set-Cookie", cookie(sessions.open(), MirrorSessions.LIFETIME.toSeconds()));
      redirectHome(exchange);
      return;
    }
    try {
      Thread.sleep(FAILED_LOGIN_DELAY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // past the exchange's deadline: the connection is closed
    }
    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"archiver-mirror\"");
    sendPage(exchange, 401, MirrorStatusPage.login("That token was not accepted."));
  }

  /** The session cookie: the page's own (host-only, every path), never sent cross-site, out of scripts' reach. */
  private String cookie(String value, long maxAgeSeconds) {
    // no Secure: the service speaks plain HTTP (put a TLS proxy in front for more than loopback)
    return guard.cookieName() + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds;
  }

  private static void redirectHome(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Location", "/");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(303, -1);
  }

  /** The one value of {@code name} in a form-encoded body, or null (absent, repeated, or badly encoded). */
  private static String formField(byte[] body, String name) {
    String found = null;
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        if (found != null) {
          return null;
        }
        try {
          found = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return found;
  }

  private static byte[] json(Object value) throws IOException {
    return Json.mapper().writeValueAsBytes(value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value);
  }

  private static void sendPage(HttpExchange exchange, int status, String html) throws IOException {
    exchange.getResponseHeaders().set("Content-Security-Policy", MirrorStatusPage.POLICY);
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    // not no-referrer: under it a browser sends "Origin: null" with the page's own form POST, which the guard refuses
    exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
    send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
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
