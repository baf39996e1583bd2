package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archiver mirror}: a file of mirrors run once, on intervals, as a service with an HTTP API,
 * with failover, notifications and the seed's log fields — against C git repositories, {@code git
 * daemon} and a loopback receiver that records what the notifications carried.
 */
class MirrorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private CliRunner cli;
  private HttpServer receiver;
  private final List<Map.Entry<String, JsonNode>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    receiver.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(Map.entry(exchange.getRequestURI().getPath(), JSON.readTree(body)));
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/pagerduty") ? 202 : 200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
  }

  private String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  @Test
  void threeMirrors_once_healthyIsExact_goneSourceFails_primaryDownFailsOverToTheFallback() throws Exception {
    Path healthy = SampleRepos.rich(tmp.resolve("healthy-src"));
    Path fallback = SampleRepos.simple(tmp.resolve("fallback-src"));
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: healthy
            source: %s
            targets: [ "%s" ]
            interval: 1h
          - name: gone
            source: %s
            targets: [ "%s" ]
            interval: 1h
          - name: failover
            source: git://127.0.0.1:%d/app.git
            fallback-sources: [ "%s" ]
            failover-after: 1
            targets: [ "%s" ]
            interval: 1h
        notifications:
          webhook: %s
          on: [ failure, recovery ]
        """.formatted(healthy, tmp.resolve("t-healthy.git"), tmp.resolve("no-such-repo.git"), tmp.resolve("t-gone.git"),
        closedPort(), fallback, tmp.resolve("t-failover.git"), receiverUrl("/hook")));
    Path log = tmp.resolve("mirror.jsonl");
    Path metrics = tmp.resolve("mirror.prom");
    CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once", "--log-file", log.toString(),
        "--metrics-file", metrics.toString());
    assertEquals(1, run.exitCode(), run.all());

    assertEquals(CGit.refs(healthy), CGit.refs(tmp.resolve("t-healthy.git")));
    assertEquals(CGit.refs(fallback), CGit.refs(tmp.resolve("t-failover.git")));
    assertFalse(Files.exists(tmp.resolve("t-gone.git").resolve("refs/heads/main")), "nothing reached the gone one's target");

    JsonNode status = JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json").expect(0).out());
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    status.get("mirrors").forEach(m -> byName.put(m.get("name").asText(), m));
    assertEquals("ok", byName.get("healthy").get("state").asText(), status.toString());
    assertEquals("failed", byName.get("gone").get("state").asText(), status.toString());
    assertTrue(byName.get("gone").get("last_error").asText().length() > 0, status.toString());
    assertEquals("failed-over", byName.get("failover").get("state").asText(), status.toString());
    assertEquals(fallback.toString(), byName.get("failover").get("source_in_use").asText(), status.toString());
    for (JsonNode m : status.get("mirrors")) {
      assertTrue(m.hasNonNull("last_attempt") && m.hasNonNull("next_due"), m.toString());
    }

    awaitReceived(n -> n >= 1);
    List<JsonNode> hooks = received.stream().filter(e -> e.getKey().equals("/hook")).map(Map.Entry::getValue).toList();
    assertEquals(1, hooks.size(), hooks.toString());
    assertEquals("failure", hooks.get(0).get("event").asText());
    assertEquals("gone", hooks.get(0).get("mirror").asText());

    List<String> lines = Files.readAllLines(log);
    List<JsonNode> finished = new ArrayList<>();
    for (String line : lines) {
      JsonNode entry = JSON.readTree(line);
      for (String field : List.of("timestamp", "level", "session_id", "logger", "message")) {
        assertTrue(entry.hasNonNull(field), field + " in " + line);
      }
      if (entry.get("event").asText().equals("repository_finished")) {
        finished.add(entry);
      }
    }
    assertEquals(3, finished.size(), lines.toString());
    for (JsonNode f : finished) {
      for (String field : List.of("repository", "status", "duration_seconds", "commits_synced", "branches_synced")) {
        assertTrue(f.has(field), field + " in " + f);
      }
    }
    assertTrue(finished.stream().anyMatch(f -> f.get("status").asText().equals("failed") && f.hasNonNull("error_type")));
    assertPromtool("check metrics", metrics);
    String text = Files.readString(metrics);
    assertTrue(text.contains("archiver_mirror_up{mirror=\"healthy\""), text);
    assertTrue(text.contains("archiver_mirror_failed_over{mirror=\"failover\""), text);
  }

  @Test
  void withinTheInterval_nothingRuns_allRunsEverything_andASecondProcessWaitsForTheMirrorsLock() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path served = tmp.resolve("served");
    Files.createDirectories(served);
    git(tmp, "init", "-q", "--bare", served.resolve("slow.git").toString());
    try (GitDaemon daemon = GitDaemon.start(served)) {
      Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
          mirrors:
            - name: app
              source: %s
              targets: [ "%s" ]
              interval: 1h
          """.formatted(src, daemon.url("slow.git")));
      cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
      assertEquals(CGit.refs(src), CGit.refs(served.resolve("slow.git")));
      CliRunner.Run notDue = cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
      assertTrue(notDue.err().contains("not due"), notDue.err());

      // the target holds the next push until the test releases it, so the second process surely meets the first
      // (a timed hold lost that race on a loaded machine: the first run ended before the second JVM started)
      Path release = tmp.resolve("release-the-push");
      Path hook = served.resolve("slow.git").resolve("hooks").resolve("pre-receive");
      Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\ni=0\nwhile [ ! -e '" + release + "' ] && [ $i -lt 1200 ];"
          + " do sleep 0.1; i=$((i+1)); done\n");
      hook.toFile().setExecutable(true);
      SampleRepos.commit(src, "more.txt", "more\n", "more");
      Process first = cliProcess(config, "--all");
      awaitState(config, "running");
      Path secondLog = tmp.resolve("second.log");
      Process second = cliProcessBuilder(config, "--all").redirectOutput(secondLog.toFile()).start();
      awaitLine(secondLog, "waiting up to");
      Files.createFile(release);
      assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS));
      String secondOut = Files.readString(secondLog);
      assertEquals(0, first.exitValue());
      assertEquals(0, second.exitValue(), secondOut);
      assertTrue(secondOut.matches("(?s).*waiting up to \\S+ for mirror 'app', which process \\d+ is using.*"), secondOut);
      assertEquals(CGit.refs(src), CGit.refs(served.resolve("slow.git")));
    }
  }

  @Test
  void service_runsTwoIntervals_answersItsApiWithTheToken_andStopsCleanlyOnSigterm() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path config = oneMirror(src, "2s");
    ProcessBuilder pb = cliProcessBuilder(config, "--http", "127.0.0.1:0", "--stop-timeout", "30")
        .redirectOutput(tmp.resolve("service.log").toFile());
    pb.environment().put("ARCHIVER_MIRROR_TOKEN", "s3cret-token");
    Process service = pb.start();
    try {
      String base = awaitLine(tmp.resolve("service.log"), "mirror API on ").replaceAll(".*mirror API on (http://[^/]+).*", "$1");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/mirrors")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, anonymous.statusCode());
      JsonNode mirrors = awaitStatus(http, base, m -> m.get("runs").asLong() >= 2);
      assertEquals("ok", mirrors.get("state").asText());
      assertEquals(CGit.refs(src), CGit.refs(tmp.resolve("target.git")));

      long before = mirrors.get("runs").asLong();
      SampleRepos.commit(src, "now.txt", "now\n", "asked for");
      HttpResponse<String> accepted = http.send(authorised(base + "/api/v1/mirrors/app/sync")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, accepted.statusCode(), accepted.body());
      awaitStatus(http, base, m -> m.get("runs").asLong() > before);
      assertEquals(404, http.send(authorised(base + "/api/v1/mirrors/nope/sync")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      String metrics = http.send(authorised(base + "/metrics").build(), HttpResponse.BodyHandlers.ofString()).body();
      Path scraped = Files.writeString(tmp.resolve("scraped.prom"), metrics);
      assertPromtool("check metrics", scraped);
    } finally {
      service.destroy(); // SIGTERM
    }
    assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service stops on SIGTERM");
    // 128 + SIGTERM: samples/systemd/airgap-archiver-mirror.service counts it as a clean stop (SuccessExitStatus=143)
    assertEquals(143, service.exitValue(), "the exit status of a stop by SIGTERM");
    String output = Files.readString(tmp.resolve("service.log"));
    assertTrue(output.contains("stopping: SIGTERM received"), output);
    JsonNode status = JSON.readTree(cli.env("ARCHIVER_CACHE", tmp.resolve("cache").toString())
        .run("mirror", "status", "--config", config.toString(), "--json").expect(0).out());
    assertEquals("ok", status.get("mirrors").get(0).get("state").asText(), "no run left half-done: " + status);
    assertEquals(CGit.refs(src), CGit.refs(tmp.resolve("target.git")));
  }

  @Test
  void slackAndPagerDutyReceiveTheirDocumentedShapes_onFailureAndOnRecovery() throws Exception {
    Path src = tmp.resolve("later-src");
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            interval: 1h
        notifications:
          slack: %s
          pagerduty: ${PD_KEY}
          pagerduty-url: %s
          on: [ failure, recovery ]
        """.formatted(src, tmp.resolve("target.git"), receiverUrl("/slack"), receiverUrl("/pagerduty")));
    cli.env("PD_KEY", "R0UT1NGKEY");
    CliRunner.Run failed = cli.run("mirror", "run", "--config", config.toString(), "--once");
    assertEquals(1, failed.exitCode(), failed.all());
    assertFalse(failed.all().contains("R0UT1NGKEY") || failed.all().contains(receiverUrl("/slack")), failed.all());
    awaitReceived(n -> n >= 2);
    JsonNode slack = body("/slack", 0);
    assertTrue(slack.get("text").asText().contains("archiver mirror 'app' failed"), slack.toString());
    JsonNode trigger = body("/pagerduty", 0);
    assertEquals("R0UT1NGKEY", trigger.get("routing_key").asText());
    assertEquals("trigger", trigger.get("event_action").asText());
    assertEquals("airgap-archiver-mirror-app", trigger.get("dedup_key").asText());
    for (String field : List.of("summary", "source", "severity")) {
      assertTrue(trigger.get("payload").hasNonNull(field), field + " in " + trigger);
    }
    assertEquals("error", trigger.get("payload").get("severity").asText());

    SampleRepos.simple(src);
    cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    awaitReceived(n -> n >= 4);
    assertTrue(body("/slack", 1).get("text").asText().contains("recovered"), received.toString());
    JsonNode resolve = body("/pagerduty", 1);
    assertEquals("resolve", resolve.get("event_action").asText());
    assertEquals("airgap-archiver-mirror-app", resolve.get("dedup_key").asText());
  }

  @Test
  void statusPage_rendersInHeadlessChromium() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path config = oneMirror(src, "1h");
    cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    try (var scheduler = io.airgap.archiver.api.Archiver.mirror().config(config)
            .environment(Map.of("ARCHIVER_CACHE", tmp.resolve("cache").toString())).scheduler();
        var server = io.airgap.archiver.mirror.MirrorHttpServer.start("127.0.0.1:0", null, scheduler)) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      Path screenshot = Path.of("target", "mirror-status-page.png").toAbsolutePath();
      Files.createDirectories(screenshot.getParent());
      List<String> chromium = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--user-data-dir=" + tmp.resolve("chromium-profile"), "--window-size=1280,600");
      List<String> dump = new ArrayList<>(chromium);
      dump.addAll(List.of("--dump-dom", url));
      Fixtures.ProcessResult dom = Fixtures.exec(tmp, dump.toArray(String[]::new));
      assertEquals(0, dom.exitCode(), dom.output());
      assertTrue(dom.output().contains("<p id=\"summary\">1 mirror(s), 0 failing</p>"), dom.output());
      assertTrue(dom.output().contains("<td class=\"state\">ok</td>"), dom.output());
      List<String> shot = new ArrayList<>(chromium);
      shot.addAll(List.of("--screenshot=" + screenshot, url));
      assertEquals(0, Fixtures.exec(tmp, shot.toArray(String[]::new)).exitCode());
      assertTrue(Files.size(screenshot) > 1000, "screenshot written");
      System.out.println("mirror status page screenshot: " + screenshot);
    }
  }

  @Test
  void sampleAlertRules_passPromtool() throws Exception {
    Path rules = Path.of(System.getProperty("user.dir")).getParent().resolve("samples/monitoring/archiver-alerts.rules.yml");
    assertPromtool("check rules", rules);
    JsonNode dashboard = JSON.readTree(rules.resolveSibling("grafana-mirrors-dashboard.json").toFile());
    dashboard.get("panels").forEach(p -> assertTrue(p.get("targets").get(0).get("expr").asText().contains("archiver_"), p.toString()));
  }

  private JsonNode body(String path, int index) {
    return received.stream().filter(e -> e.getKey().equals(path)).map(Map.Entry::getValue).toList().get(index);
  }

  /** Waits up to 60 s for the receiver to have recorded enough notifications; fails if it never does. */
  private void awaitReceived(Predicate<Integer> enough) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!enough.test(received.size())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the receiver never got the expected notifications; it got " + received);
      }
      Thread.sleep(100);
    }
  }

  /** A mirror file with one mirror, {@code app}, from {@code src} to {@code target.git}. */
  private Path oneMirror(Path src, String interval) throws Exception {
    return Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            interval: %s
        """.formatted(src, tmp.resolve("target.git"), interval));
  }

  /** {@code mirror run --config FILE EXTRA…} as its own JVM, sharing this test's cache and log folder. */
  private ProcessBuilder cliProcessBuilder(Path config, String... extra) {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
        ArchiverCli.class.getName(), "mirror", "run", "--config", config.toString()));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ARCHIVER_CACHE", tmp.resolve("cache").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    return pb;
  }

  private Process cliProcess(Path config, String... extra) throws Exception {
    return cliProcessBuilder(config, extra).start();
  }

  private void awaitState(Path config, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode status = JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json").out());
      if (status.has("mirrors") && state.equals(status.get("mirrors").get(0).get("state").asText())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mirror never reached state " + state);
  }

  private static HttpRequest.Builder authorised(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer s3cret-token");
  }

  private static JsonNode awaitStatus(HttpClient http, String base, Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(authorised(base + "/api/v1/mirrors").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      last = JSON.readTree(r.body()).get("mirrors").get(0);
      if (wanted.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service never reached the expected status: " + last);
  }

  private static String awaitLine(Path file, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains(marker)) {
            return line;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + marker + "' in " + file);
  }

  /** {@code check metrics} reads standard input; {@code check rules} takes the file. */
  private void assertPromtool(String check, Path file) throws Exception {
    String command = check.equals("check rules") ? "promtool check rules '" + file + "'"
        : "promtool " + check + " < '" + file + "'";
    Fixtures.ProcessResult result = Fixtures.exec(tmp, "sh", "-c", command);
    assertEquals(0, result.exitCode(), result.output());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
