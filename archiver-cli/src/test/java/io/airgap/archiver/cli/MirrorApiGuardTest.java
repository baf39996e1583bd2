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
  void withAToken_pagesShowALoginForm_theApiStillAnswers401Json_andTheBearerTokenStillWorks() throws Exception {
    Path header = Files.writeString(tmp.resolve("auth.header"), "Authorization: Bearer " + TOKEN + "\n");
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      String base = "http://127.0.0.1:" + port(service);
      for (String page : List.of("/", "/index.html", "/login")) {
        Reply form = curl(base + page);
        assertEquals(401, form.status(), page + " -> " + form);
        assertTrue(form.header("Content-Type").get(0).startsWith("text/html"), form.toString());
        assertTrue(form.body().contains("<form method=\"post\" action=\"/login\">"), form.toString());
        assertTrue(form.body().contains("name=\"token\" type=\"password\""), form.toString());
        assertTrue(form.header("Content-Security-Policy").get(0).contains("frame-ancestors 'none'"), form.toString());
      }
      for (String api : List.of("/api/v1/mirrors", "/metrics")) {
        Reply refused = curl(base + api);
        assertEquals(401, refused.status(), api + " -> " + refused);
        assertEquals("application/json", refused.header("Content-Type").get(0), refused.toString());
        assertEquals("a bearer token is required", JSON.readTree(refused.body()).get("error").asText());
      }
      Reply page = curl("-H", "@" + header, base + "/");
      assertEquals(200, page.status(), page.toString());
      assertTrue(page.body().contains("<p id=\"summary\">1 mirror(s), 0 failing</p>"), page.toString());
      assertEquals(200, curl("-H", "@" + header, base + "/api/v1/mirrors").status());
      assertEquals(202, curl("-X", "POST", "-H", "@" + header, "-H", "Content-Type: application/json",
          base + "/api/v1/mirrors/app/sync").status());
      awaitRuns(2);
    }
  }

  @Test
  void login_setsAStrictHttpOnlyCookieOfARandomId_thatOpensThePagesButNotTheApi() throws Exception {
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      int port = port(service);
      String base = "http://127.0.0.1:" + port;
      Reply login = login(base);
      assertEquals(303, login.status(), login.toString());
      assertEquals(List.of("/"), login.header("Location"), login.toString());
      assertEquals(1, login.header("Set-Cookie").size(), login.toString());
      String cookie = login.header("Set-Cookie").get(0);
      List<String> attributes = List.of(cookie.split(";\\s*"));
      assertTrue(attributes.get(0).matches("archiver_mirror_session_" + port + "=[A-Za-z0-9_-]{43}"), cookie);
      assertTrue(attributes.contains("HttpOnly"), cookie);
      assertTrue(attributes.contains("SameSite=Strict"), cookie);
      assertTrue(attributes.contains("Path=/"), cookie);
      assertTrue(attributes.contains("Max-Age=43200"), cookie);
      assertFalse(cookie.contains(TOKEN), cookie);
      assertFalse(login.toString().contains(TOKEN), login.toString());
      Reply again = login(base);
      assertFalse(again.header("Set-Cookie").get(0).startsWith(attributes.get(0) + ";"), "a new id for every login");
      // logging in again with a session replaces it: the old id opens nothing any more
      String replaced = again.header("Set-Cookie").get(0).split(";")[0];
      Reply third = curl("-H", "Cookie: " + replaced, "--data-urlencode", "token@" + tokenFile(), base + "/login");
      assertEquals(303, third.status(), third.toString());
      assertEquals(401, curl("-H", "Cookie: " + replaced, base + "/").status(), "the replaced session ended");

      String session = "Cookie: " + attributes.get(0);
      Reply page = curl("-H", session, base + "/");
      assertEquals(200, page.status(), page.toString());
      assertTrue(page.body().contains("<p id=\"summary\">1 mirror(s), 0 failing</p>"), page.toString());
      assertTrue(page.body().contains("id=\"logout\""), page.toString());
      assertFalse(page.body().contains(TOKEN), page.toString());
      assertEquals(303, curl("-H", session, base + "/login").status(), "logged in: /login leads to the page");
      // the cookie opens the pages only: the API and what changes state there need the bearer token
      assertEquals(401, curl("-H", session, base + "/api/v1/mirrors").status());
      assertEquals(401, curl("-H", session, base + "/metrics").status());
      assertEquals(401, curl("-X", "POST", "-H", session, "-H", "Content-Type: application/json",
          "-H", "Origin: " + base, base + "/api/v1/mirrors/app/sync").status());
      // a wrong bearer token is wrong, whatever cookie comes with it
      assertEquals(401, curl("-H", session, "-H", "Authorization: Bearer nope", base + "/").status());
      assertNoRunStarted("with the session cookie");
    }
  }

  @Test
  void crossSitePostsWithAValidSessionCookie_areRefused_andALoginFromAnotherSiteToo() throws Exception {
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      String base = "http://127.0.0.1:" + port(service);
      String session = "Cookie: " + login(base).header("Set-Cookie").get(0).split(";")[0];
      List<List<String>> foreign = List.of(List.of("-H", "Origin: http://evil.example"),
          List.of("-H", "Origin: http://127.0.0.1:" + (port(service) + 1)), List.of("-H", "Origin: null"),
          List.of("-H", "Sec-Fetch-Site: cross-site"), List.of("-H", "Sec-Fetch-Site: same-site"));
      for (List<String> from : foreign) {
        List<String> logout = new ArrayList<>(List.of("-X", "POST", "-H", session, "-H", "Content-Type: application/json"));
        logout.addAll(from);
        logout.add(base + "/logout");
        Reply refused = curl(logout.toArray(String[]::new));
        assertEquals(403, refused.status(), from + " -> " + refused);
        assertTrue(refused.header("Set-Cookie").isEmpty(), refused.toString());

        List<String> login = new ArrayList<>(List.of("--data-urlencode", "token@" + tokenFile()));
        login.addAll(from);
        login.add(base + "/login");
        Reply loginCsrf = curl(login.toArray(String[]::new));
        assertEquals(403, loginCsrf.status(), from + " -> " + loginCsrf);
        assertTrue(loginCsrf.header("Set-Cookie").isEmpty(), loginCsrf.toString());
      }
      assertEquals(200, curl("-H", session, base + "/").status(), "the session survived every refused POST");
      // the form POST is the login's only: a form-encoded logout or sync is refused, a text/plain login too
      assertEquals(415, curl("-H", session, "--data", "a=b", "-H", "Origin: " + base, base + "/logout").status());
      assertEquals(415, curl("-H", "Content-Type: text/plain", "--data", "token=x", base + "/login").status());
      assertEquals(200, curl("-H", session, base + "/").status());
      assertNoRunStarted("by a cross-site POST");
    }
  }

  @Test
  void wrongToken_getsTheFormAgainWith401AndNoCookie_andGuessesAreLimitedPerClient() throws Exception {
    Path header = Files.writeString(tmp.resolve("auth.header"), "Authorization: Bearer " + TOKEN + "\n");
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      String base = "http://127.0.0.1:" + port(service);
      List<String> guesses = List.of("guard-test-toke", "guard-test-tokenX", "GUARD-TEST-TOKEN", "Bearer " + TOKEN,
          "");
      for (String guess : guesses) {
        long asked = System.nanoTime();
        Reply wrong = curl("--data-urlencode", "token=" + guess, "-H", "Origin: " + base, base + "/login");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertEquals(401, wrong.status(), guess + " -> " + wrong);
        assertTrue(wrong.header("Set-Cookie").isEmpty(), wrong.toString());
        assertTrue(wrong.body().contains("That token was not accepted."), wrong.toString());
        assertTrue(wrong.body().contains("<form method=\"post\" action=\"/login\">"), wrong.toString());
        assertFalse(!guess.isEmpty() && wrong.toString().contains(guess), "the guess is not echoed: " + wrong);
        assertTrue(tookMs >= 900, "a wrong token is answered after a delay: " + tookMs + " ms");
      }
      // the sixth attempt within the window is not even compared, right token or not
      Reply limited = login(base);
      assertEquals(429, limited.status(), limited.toString());
      assertTrue(limited.header("Set-Cookie").isEmpty(), limited.toString());
      assertTrue(Long.parseLong(limited.header("Retry-After").get(0)) > 0, limited.toString());
      assertTrue(limited.body().contains("Too many login attempts"), limited.toString());
      assertEquals(200, curl("-H", "@" + header, base + "/api/v1/mirrors").status(), "scripts go on with the bearer token");
    }
  }

  @Test
  void unknownAndLoggedOutSessions_getTheLoginForm_andLogoutClearsTheCookie() throws Exception {
    try (CliProcess service = service(Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN))) {
      int port = port(service);
      String base = "http://127.0.0.1:" + port;
      String name = "archiver_mirror_session_" + port;
      for (String id : List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", TOKEN, "", "x".repeat(5000))) {
        Reply unknown = curl("-H", "Cookie: " + name + "=" + id, base + "/");
        assertEquals(401, unknown.status(), unknown.toString());
        assertTrue(unknown.body().contains("action=\"/login\""), unknown.toString());
      }
      String cookie = login(base).header("Set-Cookie").get(0).split(";")[0];
      // a cookie of another port's service (cookies are not kept apart by port) opens nothing here
      Reply otherPort = curl("-H", "Cookie: archiver_mirror_session_" + (port + 1) + "=" + cookie.split("=", 2)[1],
          base + "/");
      assertEquals(401, otherPort.status(), otherPort.toString());
      assertEquals(200, curl("-H", "Cookie: other=1; " + cookie, base + "/").status());

      Reply logout = curl("-X", "POST", "-H", "Cookie: " + cookie, "-H", "Content-Type: application/json",
          "-H", "Origin: " + base, "-H", "Sec-Fetch-Site: same-origin", base + "/logout");
      assertEquals(204, logout.status(), logout.toString());
      String cleared = logout.header("Set-Cookie").get(0);
      assertTrue(cleared.startsWith(name + "=;") && cleared.contains("Max-Age=0"), cleared);
      Reply after = curl("-H", "Cookie: " + cookie, base + "/");
      assertEquals(401, after.status(), "a logged-out session opens nothing: " + after);
      assertTrue(after.body().contains("action=\"/login\""), after.toString());
    }
  }

  /** The login form's POST, as curl sends it: the token from a file (never in argv), no Origin. */
  private Reply login(String base) throws IOException, InterruptedException {
    return curl("--data-urlencode", "token@" + tokenFile(), base + "/login");
  }

  private Path tokenFile() throws IOException {
    return Files.writeString(tmp.resolve("token.txt"), TOKEN);
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
  CliProcess service(Map<String, String> env) throws IOException {
    return CliProcess.start(tmp, env, "mirror", "run", "--config", config.toString(), "--http", "127.0.0.1:0");
  }

  static int port(CliProcess service) throws InterruptedException {
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

  /** What curl got: status (0: no answer), body and the raw response headers. */
  record Reply(int status, String body, String headers) {
    /** The values of response header {@code name} (any case). */
    List<String> header(String name) {
      List<String> values = new ArrayList<>();
      for (String line : headers.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          values.add(line.substring(colon + 1).trim());
        }
      }
      return values;
    }

    @Override
    public String toString() {
      return status + " " + headers + body;
    }
  }

  private Reply curl(String... args) throws IOException, InterruptedException {
    return curl(tmp, args);
  }

  /** The machine's curl, in a clean environment (no proxy, no .curlrc), answering within 10 s. */
  static Reply curl(Path tmp, String... args) throws IOException, InterruptedException {
    Path body = Files.createTempFile(tmp, "curl", ".body");
    Path headers = Files.createTempFile(tmp, "curl", ".headers");
    List<String> command = new ArrayList<>(List.of("curl", "-q", "-sS", "--noproxy", "*", "--max-time", "10",
        "-o", body.toString(), "-D", headers.toString(), "-w", "%{http_code}"));
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
        Files.readString(body) + (code.matches("\\d{3}") ? "" : out), Files.readString(headers));
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
