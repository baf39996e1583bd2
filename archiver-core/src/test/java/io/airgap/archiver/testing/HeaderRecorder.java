package io.airgap.archiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP listener on a loopback port of its own that records every request with its headers
 * and answers like a server that wants credentials ({@code 401} with a Basic challenge), so a client
 * that would hand over a credential does. With {@link #redirectAuthenticatedTo}, it plays a source
 * server that, once the client authenticated, sends it to another origin.
 */
public final class HeaderRecorder implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String redirectBase;

  private HeaderRecorder(HttpServer server) {
    this.server = server;
  }

  public static HeaderRecorder start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HeaderRecorder recorder = new HeaderRecorder(server);
    server.createContext("/", recorder::answer);
    server.start();
    return recorder;
  }

  /** Requests with an {@code Authorization} header get {@code 302} to {@code base} + the same path and query. */
  public HeaderRecorder redirectAuthenticatedTo(String base) {
    this.redirectBase = base;
    return this;
  }

  private void answer(HttpExchange exchange) throws IOException {
    StringBuilder line = new StringBuilder(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    exchange.getRequestHeaders().forEach((name, values) -> line.append("\n").append(name).append(": ")
        .append(String.join(", ", values)));
    requests.add(line.toString());
    exchange.getRequestBody().readAllBytes();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (redirectBase != null && auth != null) {
      exchange.getResponseHeaders().add("Location", redirectBase + exchange.getRequestURI());
      exchange.sendResponseHeaders(302, -1);
    } else {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"recorder\"");
      exchange.sendResponseHeaders(401, -1);
    }
    exchange.close();
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far: "METHOD /path?query" and one "Name: value" line per header. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The values of every {@code Authorization} header received. */
  public List<String> authorizations() {
    return requests.stream().flatMap(r -> r.lines().skip(1))
        .filter(l -> l.regionMatches(true, 0, "Authorization:", 0, 14)).map(l -> l.substring(14).strip()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
