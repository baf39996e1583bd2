package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.testing.SampleRepos;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first contact meets: {@code archiver} alone, a misspelt command or option, and the mirror
 * service's first night — two mirrors' interleaved output, {@code mirror status --json}, the log's
 * fields and the metrics (and alert rules) while a sync runs.
 */
class FirstContactTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void noCommand_printsTheOverviewWithTheCommandsAndWhereToStart_andExits2() {
    CliRunner.Run run = new CliRunner(tmp).run().expect(ArchiverCli.USAGE);
    assertFalse(run.err().toLowerCase().contains("missing required subcommand"), run.err());
    assertTrue(run.err().contains("Commands:"), run.err());
    for (String command : List.of("create", "verify", "restore", "keygen", "mirror")) {
      assertTrue(run.err().lines().anyMatch(l -> l.trim().startsWith(command + " ")), command + " in " + run.err());
    }
    assertTrue(run.err().contains("Where to start: 'archiver keygen"), run.err());
    assertTrue(new CliRunner(tmp).run("--help").expect(0).out().contains("Where to start:"));
    CliRunner.Run mirror = new CliRunner(tmp).run("mirror").expect(ArchiverCli.USAGE);
    assertTrue(mirror.err().contains("Usage: archiver mirror") && mirror.err().contains("status"), mirror.err());
  }

  @Test
  void misspeltCommand_isCalledUnknown_andTheNearOneSuggested_exit2() {
    CliRunner cli = new CliRunner(tmp);
    CliRunner.Run verfy = cli.run("verfy", "x.tar.gz").expect(ArchiverCli.USAGE);
    assertTrue(verfy.err().contains("error: unknown command 'verfy'"), verfy.err());
    assertTrue(verfy.err().contains("Did you mean: verify?"), verfy.err());
    CliRunner.Run statsu = cli.run("mirror", "statsu").expect(ArchiverCli.USAGE);
    assertTrue(statsu.err().contains("Did you mean: status?"), statsu.err());
    CliRunner.Run far = cli.run("frobnicate").expect(ArchiverCli.USAGE);
    assertFalse(far.err().contains("Did you mean"), "no suggestion for a word near nothing: " + far.err());
    assertTrue(far.err().contains("Run 'archiver --help' for usage."), far.err());
  }

  @Test
  void misspeltOption_suggestsTheNearOne_exit2() {
    CliRunner cli = new CliRunner(tmp);
    CliRunner.Run sourc = cli.run("create", "--sourc", "x").expect(ArchiverCli.USAGE);
    assertTrue(sourc.err().startsWith("error: unknown option") && sourc.err().contains("'--sourc'"), sourc.err());
    assertTrue(sourc.err().contains("Did you mean: --source?"), sourc.err());
    CliRunner.Run swapped = cli.run("restore", "a.tar.gz", "--traget=/x").expect(ArchiverCli.USAGE);
    assertTrue(swapped.err().contains("Did you mean: --target?"), swapped.err());
    CliRunner.Run cut = cli.run("create", "--recurse", "--source", "x").expect(ArchiverCli.USAGE);
    assertTrue(cut.err().contains("Did you mean: --recurse-submodules?"), cut.err());
  }

  /**
   * Two mirrors, one of them failing, then a second run during which {@code app}'s push is held by
   * its target: output, log, status and metrics as an operator's tooling reads them.
   */
  @Test
  void twoMirrors_outputNamesEachMirror_logNamesRepositoryAndMirror_statusOkIsFalse_upStaysOneDuringASync()
      throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path served = tmp.resolve("served");
    Files.createDirectories(served);
    git(tmp, "init", "-q", "--bare", served.resolve("slow.git").toString());
    Path hook = served.resolve("slow.git").resolve("hooks").resolve("pre-receive");
    Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\nsleep 6\n");
    hook.toFile().setExecutable(true);
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    String goneSource = "http://mirror-bot:s3cret-pass@127.0.0.1:" + closed + "/gone.git";
    CliRunner cli = new CliRunner(tmp);
    try (GitDaemon daemon = GitDaemon.start(served)) {
      Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
          mirrors:
            - name: app
              source: %s
              targets: [ "%s" ]
              interval: 1h
            - name: gone
              source: %s
              targets: [ "%s" ]
              interval: 1h
          """.formatted(src, daemon.url("slow.git"), goneSource, tmp.resolve("t-gone.git")));
      Path log = tmp.resolve("mirror.jsonl");
      CliRunner.Run first = cli.run("mirror", "run", "--config", config.toString(), "--all", "--log-file",
          log.toString());
      assertEquals(1, first.exitCode(), first.all());
      Map<String, JsonNode> finished = new java.util.HashMap<>();
      for (String line : Files.readAllLines(log)) {
        JsonNode entry = JSON.readTree(line);
        if (entry.get("event").asText().equals("repository_finished")) {
          finished.put(entry.path("mirror").asText(entry.path("repository").asText()), entry);
        }
      }
      JsonNode status = JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json")
          .expect(0).out());

      SampleRepos.commit(src, "more.txt", "more\n", "more"); // something to push, held by the target's hook
      Process second = cliProcess(config, "--all");
      String text;
      Path metrics = tmp.resolve("during-sync.prom");
      try {
        awaitStatus(cli, config, s -> "running".equals(s.get("app").get("state").asText())
            && s.get("gone").get("consecutive_failures").asInt() == 2);
        cli.run("mirror", "status", "--config", config.toString(), "--metrics-file", metrics.toString()).expect(0);
        text = Files.readString(metrics);
      } finally {
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
      }
      String logText = Files.readString(log);
      String shownGone = Redaction.url(goneSource);
      assertAll(
          // (d) each mirror's lines say which mirror they are about
          () -> assertTrue(first.err().lines().anyMatch(l -> l.startsWith("[app] success in ")), first.err()),
          () -> assertTrue(first.err().lines().anyMatch(l -> l.startsWith("[gone] failed in ")), first.err()),
          // (e) the log's repository is the (redacted) source, the mirror's name a field of its own
          () -> assertEquals(src.toString(), finished.get("app").path("repository").asText(), finished.toString()),
          () -> assertEquals(shownGone, finished.get("gone").path("repository").asText(), finished.toString()),
          () -> assertFalse(logText.contains("s3cret-pass"), logText),
          // (b) ok is false while a mirror's last run failed; the query itself worked (exit 0)
          () -> assertFalse(status.path("ok").asBoolean(true), status.toString()),
          // (c) during app's next sync: up stays 1, the last run's outcome has a gauge of its own
          () -> assertEquals("1", sample(text, "archiver_mirror_up", "app"), text),
          () -> assertEquals("1", sample(text, "archiver_mirror_up", "gone"), text),
          () -> assertEquals("1", sample(text, "archiver_mirror_last_run_success", "app"), text),
          () -> assertEquals("0", sample(text, "archiver_mirror_last_run_success", "gone"), text),
          () -> assertEquals(0, Fixtures.exec(tmp, "sh", "-c", "promtool check metrics < '" + metrics + "'").exitCode()),
          () -> assertOnlyGoneAlerts(text, shownGone));
    }
  }

  /**
   * The sample alert rules over 40 minutes of this scrape (promtool's rule unit test): the mirror
   * in the middle of a sync raises nothing; the one that failed twice in a row raises
   * ArchiverMirrorFailing, with its count in the description.
   */
  private void assertOnlyGoneAlerts(String scrape, String goneRepository) throws Exception {
    Path rules = Path.of(System.getProperty("user.dir")).getParent()
        .resolve("samples/monitoring/archiver-alerts.rules.yml");
    StringBuilder series = new StringBuilder();
    for (String line : scrape.lines().toList()) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        series.append("      - series: '").append(line, 0, space).append("'\n        values: '")
            .append(line.substring(space + 1)).append("+0x40'\n");
      }
    }
    StringBuilder tests = new StringBuilder("rule_files:\n  - '" + rules + "'\nevaluation_interval: 1m\n"
        + "tests:\n  - interval: 1m\n    input_series:\n" + series + "    alert_rule_test:\n");
    for (String alert : List.of("ArchiverMirrorStale", "ArchiverMirrorFailedOver", "ArchiverMirrorServiceAbsent",
        "ArchiverRunFailed")) {
      tests.append("      - eval_time: 40m\n        alertname: ").append(alert).append("\n        exp_alerts: []\n");
    }
    tests.append("""
              - eval_time: 40m
                alertname: ArchiverMirrorFailing
                exp_alerts:
                  - exp_labels: { severity: warning, mirror: gone, repository: '%s' }
                    exp_annotations:
                      summary: "Mirror gone is failing"
                      description: "gone (%s) failed 2 syncs in a row; see `archiver mirror status`."
        """.formatted(goneRepository, goneRepository));
    Path test = Files.writeString(tmp.resolve("alerts-test.yml"), tests.toString());
    Fixtures.ProcessResult result = Fixtures.exec(tmp, "promtool", "test", "rules", test.toString());
    assertEquals(0, result.exitCode(), result.output() + "\n" + tests);
  }

  private static String sample(String text, String metric, String mirror) {
    Matcher m = Pattern.compile("(?m)^" + metric + "\\{mirror=\"" + mirror + "\"[^}]*\\} (\\S+)$").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private void awaitStatus(CliRunner cli, Path config, Predicate<Map<String, JsonNode>> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    while (System.nanoTime() < deadline) {
      JsonNode status = JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json").out());
      status.get("mirrors").forEach(m -> byName.put(m.get("name").asText(), m));
      if (wanted.test(byName)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the mirrors never reached the expected states: " + byName);
  }

  /** {@code mirror run --config FILE EXTRA…} as its own JVM, sharing this test's cache and log folder. */
  private Process cliProcess(Path config, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ArchiverCli.class.getName(), "mirror", "run", "--config",
        config.toString()));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("second-run.log").toFile());
    pb.environment().put("ARCHIVER_CACHE", tmp.resolve("cache").toString());
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    return pb.start();
  }
}
