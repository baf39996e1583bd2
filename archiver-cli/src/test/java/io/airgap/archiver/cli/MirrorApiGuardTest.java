package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror service's HTTP API against what a hostile web page or a slow client can send: the real
 * service ({@code mirror run --http}, its own JVM), asked by the machine's {@code curl}, by headless
 * Chromium (a rebinding name, a page on another origin) and by raw sockets that send half a request
 * and stall.
 */
class MirrorApiGuardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "guard-test-token";
  @TempDir Path tmp;
  private CliRunner cli;
  private Path config;
  private JsonNode initial;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            interval: 1h
        """.formatted(src, tmp.resolve("target.git")));
    // one run now: the service then has nothing due for an hour, so any later run was asked for over HTTP
    cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    initial = status();
  }

  @Test
  void tokenlessApi_answersOnlyLoopbackHostNames_soADnsRebindingPageGetsNothing() throws Exception {
    try (CliProcess service = service(Map.of())) {
      int port = port(service);
      String url = "http://127.0.0.1:" + port + "/api/v1/mirrors";
      for (String host : List.of("attacker.example", "attacker.example:" + port, "127.0.0.1.attacker.example:" + port,
          "localhost:" + (port + 1))) {
        Reply rebound = curl("-H", "Host: " + host, url);
        assertEquals(421, rebound.status(), host + " -> " + rebound);
        assertTrue(rebound.body().startsWith("refused: "), host + " -> " + rebound);
        assertFalse(rebound.body().contains("source_in_use"), host + " -> " + rebound);
      }
      Reply noHost = curl("-H", "Host:", url);
      assertEquals(421, noHost.status(), "no Host -> " + noHost);
      Reply rebindPost = curl("-X", "POST", "-H", "Host: attacker.example:" + port, "-H", "Content-Type: application/json",
          "http://127.0.0.1:" + port + "/api/v1/mirrors/app/sync");
      assertEquals(421, rebindPost.status(), rebindPost.toString());

      for (String host : List.of("127.0.0.1:" + port, "LocalHost:" + port, "localhost", "[::1]:" + port)) {
        Reply loopback = curl("-H", "Host: " + host, url);
        assertEquals(200, loopback.status(), host + " -> " + loopback);
      }
      assertNoRunStarted("through a foreign Host");
    }
  }

  @Test
  void crossOriginPost_isRefusedAndStartsNoSync_sameOriginJsonPostIsAccepted() throws Exception {
    try (CliProcess service = service(Map.of())) {
      int port = port(service);
      String sync = "http://127.0.0.1:" + port + "/api/v1/mirrors/app/sync";
      // what a page elsewhere can send without a CORS preflight: a form or fetch with a "simple" content type
      Reply evil = curl("-X", "POST", "-H", "Origin: http://evil.example", "-H", "Content-Type: text/plain",
          "--data", "{}", sync);
      assertEquals(403, evil.status(), evil.toString());
      Reply plain = curl("-X", "POST", "-H", "Content-Type: text/plain", "--data", "{}", sync);
      assertEquals(415, plain.status(), plain.toString());
      Reply form = curl("-X", "POST", "--data", "a=b", sync);
      assertEquals(415, form.status(), form.toString());
      Reply untyped = curl("-X", "POST", sync);
      assertEquals(415, untyped.status(), untyped.toString());
      Reply foreignJson = curl("-X", "POST", "-H", "Origin: http://evil.example", "-H", "Content-Type: application/json", sync);
      assertEquals(403, foreignJson.status(), foreignJson.toString());
      Reply nullOrigin = curl("-X", "POST", "-H", "Origin: null", "-H", "Content-Type: application/json", sync);
      assertEquals(403, nullOrigin.status(), nullOrigin.toString());
      Reply crossSite = curl("-X", "POST", "-H", "Sec-Fetch-Site: cross-site", "-H", "Content-Type: application/json", sync);
      assertEquals(403, crossSite.status(), crossSite.toString());
      Reply otherPort = curl("-X", "POST", "-H", "Origin: http://127.0.0.1:" + (port + 1),
          "-H", "Content-Type: application/json", sync);
      assertEquals(403, otherPort.status(), otherPort.toString());
      assertNoRunStarted("by a refused request");

      Reply sameOrigin = curl("-X", "POST", "-H", "Origin: http://localhost:" + port, "-H", "Sec-Fetch-Site: same-origin",
          "-H", "Content-Type: application/json; charset=utf-8", sync);
      assertEquals(202, sameOrigin.status(), sameOrigin.toString());
      Reply script = curl("-X", "POST", "-H", "Content-Type: application/json", "--data", "{}", sync);
      assertEquals(202, script.status(), script.toString());
      awaitRuns(2);
    }
  }

  @Test
  void inChromium_aRebindingNameReadsNothing_andAPageFromAnotherOriginStartsNoSync() throws Exception {
    try (CliProcess service = service(Map.of())) {
      int port = port(service);
      // DNS rebinding, as the browser sees it: a name of the attacker's that now resolves to 127.0.0.1
      String rebound = chromium("--host-resolver-rules=MAP attacker.example 127.0.0.1",
          "--dump-dom", "http://attacker.example:" + port + "/api/v1/mirrors");
      assertTrue(rebound.contains("refused"), rebound);
      assertFalse(rebound.contains("source_in_use"), rebound);

      // CSRF: a page on another origin posts what a browser sends without asking (no CORS preflight)
      String sync = "http://127.0.0.1:" + port + "/api/v1/mirrors/app/sync";
      HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
      byte[] page = """
          <!DOCTYPE html><html><body>
          <form id="f" method="POST" action="%1$s" enctype="text/plain" target="sink">
          <input name='{"a":"' value='"}'></form><iframe name="sink"></iframe>
          <script>
          fetch('%1$s', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: '{}'})
            .then(() => document.body.setAttribute('data-fetch', 'answered'),
                  () => document.body.setAttribute('data-fetch', 'failed'));
          document.getElementById('f').submit();
          </script></body></html>
          """.formatted(sync).getBytes(StandardCharsets.UTF_8);
      elsewhere.createContext("/", exchange -> {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
        exchange.close();
      });
      elsewhere.start();
      try {
        String dom = chromium("--virtual-time-budget=5000", "--dump-dom",
            "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
        assertTrue(dom.contains("data-fetch=\"answered\""), "the page's POST reached the service: " + dom);
      } finally {
        elsewhere.stop(0);
      }
      assertNoRunStarted("by a page from another origin");
    }
  }

  @Test
  void slowClients_doNotBlockAnAuthorisedRequest_andTheServerClosesThemAfterItsTimeout() throws Exception {
    Path header = Files.writeString(tmp.resolve("auth.header"), "Authorization: Bearer " + TOKEN + "\n");
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      int port = port(service);
      String url = "http://127.0.0.1:" + port + "/api/v1/mirrors";
      assertEquals(401, curl(url).status(), "the token is still required");
      // with the token, the Host rule is off: a 0.0.0.0 listener is reached under any of the machine's names
      assertEquals(200, curl("-H", "@" + header, "-H", "Host: mirror-host.example:" + port, url).status());

      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          slow.add(halfARequest(port, "GET /api/v1/mirrors HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthoriz"));
        }
        slow.add(halfARequest(port, "POST /api/v1/mirrors/app/sync HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
        long sent = System.nanoTime();
        Thread.sleep(500); // the server has handed each to a worker by now
        long asked = System.nanoTime();
        Reply answered = curl("-H", "@" + header, url);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertEquals(200, answered.status(), answered.toString());
        assertTrue(tookMs < 3000, "answered in " + tookMs + " ms despite the stalled connections");

        assertTrue(closedByServer(slow.get(0), sent + TimeUnit.SECONDS.toNanos(20)), "the server closed a stalled one");
        long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(closedAfterMs >= 2000, "closed only after the server's timeout, not at once: " + closedAfterMs + " ms");
        for (Socket s : slow) {
          assertTrue(closedByServer(s, sent + TimeUnit.SECONDS.toNanos(20)), "the server closed every stalled one");
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }

      // more stalled connections than the server has workers: its timeout frees them, so the user waits, not forever
      slow.clear();
      try {
        for (int i = 0; i < 24; i++) {
          slow.add(halfARequest(port, "GET / HTTP/1.1\r\nHo"));
        }
        Thread.sleep(500);
        long asked = System.nanoTime();
        Reply answered = curl("--max-time", "30", "-H", "@" + header, url);
        assertEquals(200, answered.status(), answered.toString());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertTrue(tookMs < 15000, "answered in " + tookMs + " ms");
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
      assertNoRunStarted("by the half-sent POST");
    }
  }

  @Test
  void allInterfacesWithoutAToken_exitsTwoAtOnce() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (CliProcess refused = CliProcess.start(tmp, Map.of("ARCHIVER_MIRROR_TOKEN", ""), "mirror", "run",
        "--config", config.toString(), "--http", "0.0.0.0:" + port)) {
      assertEquals(2, refused.waitFor(30), refused.output());
      assertTrue(refused.output().contains("would be reachable from other hosts without a token"), refused.output());
    }
  }

  /** The service, its own JVM, with an HTTP face on a free loopback port. */
  private CliProcess service(Map<String, String> env) throws IOException {
    return CliProcess.start(tmp, env, "mirror", "run", "--config", config.toString(), "--http", "127.0.0.1:0");
  }

  private static int port(CliProcess service) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && service.isAlive()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("mirror API on http://127\\.0\\.0\\.1:(\\d+)/")
          .matcher(service.output());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the service never said where it listens:\n" + service.output());
  }

  /** A connection that sent {@code start} of a request and then nothing. */
  private static Socket halfARequest(int port, String start) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** Whether the server closed {@code s} (end of stream or reset) before {@code deadline}. */
  private static boolean closedByServer(Socket s, long deadline) throws IOException {
    InputStream in = s.getInputStream();
    while (true) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0) {
        return false;
      }
      s.setSoTimeout((int) leftMs);
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset
      }
    }
  }

  /** Headless Chromium (offline, a fresh profile) with {@code args}; what it printed on standard output. */
  private String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "chromium");
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Path err = Files.createTempFile(tmp, "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
    }
    String dom = Files.readString(out);
    return dom.isBlank() ? "(no DOM; chromium said: " + Files.readString(err) + ")" : dom;
  }

  /** What curl got: status (0: no answer) and body. */
  private record Reply(int status, String body) {}

  /** The machine's curl, in a clean environment (no proxy, no .curlrc), answering within 10 s. */
  private Reply curl(String... args) throws IOException, InterruptedException {
    Path body = Files.createTempFile(tmp, "curl", ".body");
    List<String> command = new ArrayList<>(List.of("curl", "-q", "-sS", "--noproxy", "*", "--max-time", "10",
        "-o", body.toString(), "-w", "%{http_code}"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().put("HOME", tmp.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String code = out.replaceAll("(?s).*?(\\d{3})\\s*$", "$1");
    return new Reply(code.matches("\\d{3}") ? Integer.parseInt(code) : 0,
        Files.readString(body) + (code.matches("\\d{3}") ? "" : out));
  }

  private JsonNode status() throws Exception {
    JsonNode status = JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json").expect(0).out());
    return status.get("mirrors").get(0);
  }

  private long runs() throws Exception {
    return status().get("runs").asLong();
  }

  /** After time enough for an asked-for run to start (it marks itself running at once), none did. */
  private void assertNoRunStarted(String how) throws Exception {
    Thread.sleep(3000);
    JsonNode now = status();
    for (String field : List.of("state", "last_attempt", "runs")) {
      assertEquals(initial.get(field), now.get(field), "no sync was started " + how + ": " + now);
    }
  }

  private void awaitRuns(long wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (runs() < wanted) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the mirror never reached " + wanted + " runs");
      }
      Thread.sleep(200);
    }
  }
}
