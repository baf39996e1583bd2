package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password written into a location ({@code http://user:PASSWORD@host/…}, as mirror files and
 * templates allow) is used to log in and shown nowhere: not in the console, the JSON log, the mirror
 * state files (which are private, 0600), {@code mirror status --json}, the mirror HTTP API and
 * metrics, nor in the webhook, Slack and PagerDuty bodies sent to third parties. Against JGit's real
 * smart-HTTP server with basic auth and a loopback receiver that records what notifications carried.
 */
class SecretsNeverShownTest {
  private static final String USER = "oauth2";
  private static final String PASSWORD = "pw-Zq81sEcReT-4471";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private GitHttpServer server;
  private Path served;
  private HttpServer receiver;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    served = Files.createDirectories(tmp.resolve("served"));
    Path work = SampleRepos.simple(tmp.resolve("work"));
    git(tmp, "clone", "-q", "--bare", work.toString(), served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", served.resolve("app.git").toString());
    server = GitHttpServer.start(served, USER, PASSWORD);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    receiver.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/pagerduty") ? 202 : 200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.stop(0);
    server.close();
  }

  private String withPassword(String repo) {
    return server.url(repo).replace("http://", "http://" + USER + ":" + PASSWORD + "@");
  }

  private String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  @Test
  void mirrorWithPasswordInItsSource_statusFilesApiNotificationsAndLogs_neverShowIt() throws Exception {
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: "%s"
            targets: [ "%s" ]
            interval: 1h
          - name: gone
            source: "%s"
            fallback-sources: [ "%s" ]
            failover-after: 1
            targets: [ "%s" ]
            interval: 1h
        notifications:
          webhook: %s
          slack: %s
          pagerduty: ${PD_KEY}
          pagerduty-url: %s
          on: [ failure, recovery, success ]
        """.formatted(withPassword("source.git").replace(PASSWORD, "${MIRROR_PW}"), tmp.resolve("t-app.git"),
        withPassword("no-such.git").replace(PASSWORD, "${MIRROR_PW}"),
        withPassword("no-such-either.git").replace(PASSWORD, "${MIRROR_PW}"), tmp.resolve("t-gone.git"),
        receiverUrl("/hook"), receiverUrl("/slack"), receiverUrl("/pagerduty")));
    Path logs = tmp.resolve("logs");
    Path log = tmp.resolve("mirror.jsonl");
    CliRunner cli = new CliRunner(tmp).env("MIRROR_PW", PASSWORD).env("PD_KEY", "R0UT1NG");
    CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once", "--log-file", log.toString());
    assertEquals(1, run.exitCode(), run.all());
    assertEquals(CGit.refs(served.resolve("source.git")), CGit.refs(tmp.resolve("t-app.git")),
        "the password in the URL was used to log in");

    Path stateDir = tmp.resolve("cache").resolve("mirrors");
    for (String name : List.of("app", "gone")) {
      Path state = stateDir.resolve(name + ".json");
      assertNoPassword("state file " + state, Files.readString(state));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)), state.toString());
    }
    CliRunner.Run status = cli.run("mirror", "status", "--config", config.toString(), "--json").expect(0);
    JsonNode doc = JSON.readTree(status.out());
    assertTrue(doc.get("mirrors").get(0).get("source_in_use").asText().startsWith("http://127.0.0.1:"), status.out());
    assertNoPassword("mirror status --json", status.all());
    assertNoPassword("mirror status", cli.run("mirror", "status", "--config", config.toString()).expect(0).all());

    awaitBodies(5); // app: webhook + Slack (success); gone: webhook + Slack + PagerDuty (failure)
    assertTrue(paths.containsAll(List.of("/hook", "/slack", "/pagerduty")), paths.toString());
    for (String body : bodies) {
      assertNoPassword("notification", body);
    }
    assertTrue(bodies.stream().anyMatch(b -> b.contains("\"source\" : \"http://127.0.0.1:")
        || b.contains("\"source\":\"http://127.0.0.1:")), bodies.toString());

    String api = apiOf(config, cli);
    assertNoPassword("the mirror API, metrics and status page", api);
    assertTrue(api.contains("source_in_use"), api);

    assertNoPassword("console", run.all());
    assertNoPassword("JSON log", Files.readString(log));
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertNoPassword("log " + f, Files.readString(f));
      }
    }
  }

  /** What {@code mirror run --http} serves: the statuses, the metrics and the status page. */
  private String apiOf(Path config, CliRunner cli) throws Exception {
    Path out = tmp.resolve("service.log");
    List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
        ArchiverCli.class.getName(), "mirror", "run", "--config", config.toString(), "--http", "127.0.0.1:0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("ARCHIVER_CACHE", tmp.resolve("cache").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    pb.environment().put("MIRROR_PW", PASSWORD);
    pb.environment().put("PD_KEY", "R0UT1NG");
    Process service = pb.start();
    try {
      String base = awaitLine(out, "mirror API on ", service).replaceAll(".*mirror API on (http://[^/]+).*", "$1");
      HttpClient http = HttpClient.newHttpClient();
      StringBuilder all = new StringBuilder();
      for (String path : List.of("/api/v1/mirrors", "/metrics", "/")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        all.append(r.body()).append('\n');
      }
      return all.toString();
    } finally {
      service.destroy();
      service.waitFor(60, TimeUnit.SECONDS);
      assertNoPassword("service output", Files.readString(out));
    }
  }

  @Test
  void syncFromASourceWithAPassword_consoleAndJsonLog_neverShowIt() throws Exception {
    Path log = tmp.resolve("sync.jsonl");
    CliRunner cli = new CliRunner(tmp);
    CliRunner.Run run = cli.run("sync", "--source", withPassword("source.git"), "--target",
        tmp.resolve("t.git").toString(), "--log-file", log.toString()).expect(0);
    assertEquals(CGit.refs(served.resolve("source.git")), CGit.refs(tmp.resolve("t.git")));
    assertTrue(run.err().contains("source http://127.0.0.1:" + server.port()), run.err());
    assertNoPassword("console", run.all());
    assertNoPassword("JSON log", Files.readString(log));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)), "a new log is private");

    CliRunner.Run json = cli.run("sync", "--source", withPassword("source.git"), "--target",
        tmp.resolve("t.git").toString(), "--json", "--log-file", log.toString()).expect(0);
    assertNoPassword("sync --json", json.all());
    assertNoPassword("JSON log", Files.readString(log));
  }

  @Test
  void fleetRestoreWithAPasswordInTheTemplate_headerTableJsonAndLog_neverShowIt() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = tmp.resolve("out");
    cli.run("create", "--source", tmp.resolve("work").toString(), "--name", "app", "--output", out.toString(),
        "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    String template = withPassword("{name}.git");
    Path log = tmp.resolve("restore.jsonl");

    CliRunner.Run text = cli.run("restore", out.toString(), "--target-template", template, "--trust",
        keys.pub().toString(), "--log-file", log.toString()).expect(0);
    assertEquals(CGit.refs(tmp.resolve("work")).lines().filter(l -> !l.contains("HEAD")).toList(),
        CGit.refs(served.resolve("app.git")).lines().filter(l -> !l.contains("HEAD")).toList(),
        "the password in the template was used to log in");
    assertTrue(text.out().contains("http://127.0.0.1:" + server.port() + "/git/app.git"), text.out());
    assertNoPassword("fleet restore table and header", text.all());

    CliRunner.Run json = cli.run("restore", out.toString(), "--target-template", template, "--trust",
        keys.pub().toString(), "--json", "--log-file", log.toString()).expect(0);
    assertEquals("http://127.0.0.1:" + server.port() + "/git/app.git",
        JSON.readTree(json.out()).get("repositories").get(0).get("target").asText());
    assertNoPassword("fleet restore --json", json.all());

    // a failing target (no such repository) names it, and the error, without the password
    Path other = tmp.resolve("out2");
    cli.run("create", "--source", tmp.resolve("work").toString(), "--name", "missing", "--output", other.toString(),
        "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    CliRunner.Run failed = cli.run("restore", other.toString(), "--target-template", template, "--trust",
        keys.pub().toString(), "--log-file", log.toString());
    assertEquals(1, failed.exitCode(), failed.all());
    assertNoPassword("failed fleet restore", failed.all());
    assertNoPassword("JSON log", Files.readString(log));
  }

  private void awaitBodies(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (bodies.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(bodies.size() >= n, "notifications received: " + paths);
  }

  private static void assertNoPassword(String where, String text) {
    assertFalse(text.contains(PASSWORD), "the password shows in " + where + ":\n" + text);
    assertFalse(text.contains(USER + ":"), "the user:password pair shows in " + where + ":\n" + text);
  }

  private static String awaitLine(Path file, String marker, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains(marker)) {
            return line;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + marker + "' in " + file + ": " + read(file));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(none)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
