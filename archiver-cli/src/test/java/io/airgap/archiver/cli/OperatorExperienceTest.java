package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators see and what their tooling reads: console, JSON log, metrics, config, batch, dry runs. */
class OperatorExperienceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private CliRunner cli;
  private Path src;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  @Test
  void plainOutputHasNoEscapeCodes_logLinesAreJsonWithTheSession_andMetricsParseAsPrometheusText() throws Exception {
    Path log = tmp.resolve("run.jsonl");
    Path metrics = tmp.resolve("metrics/archiver.prom");
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--log-file", log.toString(), "--metrics-file", metrics.toString(), "--verbose", "--json").expect(0);
    assertFalse(run.all().contains("\u001b"), "escape codes in non-terminal output");
    String session = JSON.readTree(run.out()).get("session").asText();
    assertTrue(session.matches("[0-9a-f]{12}"), session);

    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.size() >= 8, "log lines: " + lines);
    List<String> events = new ArrayList<>();
    for (String line : lines) {
      JsonNode entry = JSON.readTree(line);
      assertEquals(session, entry.get("session_id").asText(), line);
      for (String field : List.of("timestamp", "level", "logger", "message", "event")) {
        assertTrue(entry.hasNonNull(field), field + " in " + line);
      }
      events.add(entry.get("event").asText());
    }
    assertTrue(events.containsAll(List.of("start", "header", "step_started", "step_finished", "result")), events.toString());
    JsonNode result = JSON.readTree(lines.get(lines.size() - 1));
    assertEquals("success", result.get("status").asText(), result.toString());
    assertEquals(src.toString(), result.get("repository").asText(), result.toString());
    assertTrue(result.get("duration_seconds").isNumber(), result.toString());

    Fixtures.ProcessResult check = Fixtures.exec(tmp, "sh", "-c", "promtool check metrics < " + metrics);
    assertEquals(0, check.exitCode(), check.output());
    String text = Files.readString(metrics);
    assertTrue(text.contains("archiver_last_run_success{command=\"create\"} 1"), text);
    assertTrue(text.contains("archiver_archive_size_bytes{command=\"create\"}"), text);
    assertTrue(text.contains("archiver_step_duration_seconds{command=\"create\",step=\"1\""), text);

    CliRunner.Run failed = cli.run("create", "--source", tmp.resolve("missing").toString(), "--output",
        tmp.resolve("out").toString(), "--log-file", log.toString(), "--metrics-file", metrics.toString()).expect(2);
    Fixtures.ProcessResult recheck = Fixtures.exec(tmp, "sh", "-c", "promtool check metrics < " + metrics);
    assertEquals(0, recheck.exitCode(), recheck.output());
    String after = Files.readString(metrics);
    assertTrue(after.contains("archiver_last_run_success{command=\"create\"} 0"), after);
    assertTrue(after.contains("archiver_last_success_timestamp_seconds"), "the last success survives a failure");
    String lastLine = Files.readAllLines(log).get(Files.readAllLines(log).size() - 1);
    JsonNode error = JSON.readTree(lastLine);
    assertEquals("error", error.get("event").asText());
    assertTrue(error.get("error").asText().contains("does not exist"), lastLine);
    assertFalse(failed.all().contains("\u001b"));
  }

  @Test
  void batchOf20_with3Unreachable_archives17_namesTheFailures_andExits1() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      Path repo = tmp.resolve("repos/repo-" + i);
      SampleRepos.simple(repo);
      sources.add(repo.toString());
    }
    for (int i = 0; i < 3; i++) {
      sources.add("http://127.0.0.1:" + closedPort + "/unreachable-" + i + ".git");
    }
    Path list = Files.write(tmp.resolve("sources.txt"), sources);
    Path out = tmp.resolve("out");
    CliRunner.Run run = cli.run("create", "--sources-file", list.toString(), "--output", out.toString(),
        "--parallel", "4").expect(1);
    assertEquals(17, Fixtures.listAll(out).stream().filter(p -> p.toString().endsWith(".tar.gz")).count());
    for (int i = 0; i < 3; i++) {
      String name = "unreachable-" + i;
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("FAILED")), run.out());
    }
    assertTrue(run.out().contains("17 of 20 repositories archived, 3 failed"), run.out());
  }

  @Test
  void configFileSuppliesOptionsWithEnvSubstitution_andFlagsOverrideIt() throws Exception {
    Path config = tmp.resolve("archiver.yaml");
    Files.writeString(config, String.join("\n",
        "source: ${SAMPLE_SOURCE}",
        "output: ${SAMPLE_OUT:-" + tmp.resolve("default-out") + "}",
        "name: from-config",
        "include-refs:",
        "  - refs/heads/*",
        ""));
    cli.env("SAMPLE_SOURCE", src.toString());
    cli.run("create", "--config", config.toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("default-out"));
    assertTrue(archive.getFileName().toString().startsWith("from-config-full-"), archive.toString());
    String manifest = new String(ArchiveTamper.read(archive).get("manifest.json"));
    assertFalse(manifest.contains("refs/tags/"), "include-refs from the config applies");

    cli.run("create", "--config", config.toString(), "--name", "from-flag", "--output", tmp.resolve("flag-out").toString())
        .expect(0);
    assertTrue(Fixtures.onlyArchive(tmp.resolve("flag-out")).getFileName().toString().startsWith("from-flag-full-"));

    cli.without("SAMPLE_SOURCE");
    CliRunner.Run missing = cli.run("create", "--config", config.toString()).expect(2);
    assertTrue(missing.err().contains("${SAMPLE_SOURCE}"), missing.err());
  }

  @Test
  void dryRuns_leaveTheOutputFolderTheCacheTheWorkspaceAndTheTargetUntouched() throws Exception {
    Path out = tmp.resolve("out");
    CliRunner.Run dry = cli.run("create", "--source", src.toString(), "--output", out.toString(), "--dry-run").expect(0);
    assertTrue(dry.err().contains("would fetch 7 refs"), dry.err());
    assertTrue(dry.out().contains("Dry run: would write " + out), dry.out());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(tmp.resolve("cache")));

    cli.run("create", "--source", src.toString(), "--output", out.toString()).expect(0);
    Path archive = Fixtures.onlyArchive(out);
    Path target = tmp.resolve("target.git");
    Path workspace = tmp.resolve("ws");
    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", target.toString(),
        "--allow-unsigned", "--workspace", workspace.toString(), "--dry-run", "--json").expect(0);
    assertTrue(restore.out().contains("\"create\" : 7"), restore.out());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(workspace));

    cli.run("restore", archive.toString(), "--target", target.toString(), "--allow-unsigned",
        "--workspace", workspace.toString()).expect(0);
    SampleRepos.commit(src, "new.txt", "new\n", "new");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out2").toString(), "--incremental",
        "--base", archive.toString()).expect(0);
    String before = CGit.refs(target);
    String state = Files.readString(workspace.resolve("state.json"));
    CliRunner.Run second = cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out2")).toString(), "--target",
        target.toString(), "--allow-unsigned", "--workspace", workspace.toString(), "--dry-run").expect(0);
    assertTrue(second.out().contains("0 created, 1 fast-forwarded"), second.out()); // the real run's own plan
    assertEquals(before, CGit.refs(target));
    assertEquals(state, Files.readString(workspace.resolve("state.json")));
  }

  @Test
  void terminalSession_showsProgressBarsThatEndAt100Percent() throws Exception {
    Path out = tmp.resolve("out");
    String classpath = System.getProperty("java.class.path");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = String.join(" ", java, "-cp", "'" + classpath + "'", ArchiverCli.class.getName(), "create",
        "--source", src.toString(), "--output", out.toString(), "--cache", tmp.resolve("cache").toString());
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(tmp.toFile())
        .redirectErrorStream(true);
    pb.environment().put("ARCHIVER_LOG_DIR", tmp.resolve("logs").toString());
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    p.getOutputStream().close();
    String screen = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), screen);
    assertTrue(screen.contains("\r\u001b[2K"), "a bar redrawn in place: " + screen);
    assertTrue(screen.contains("write archive [############################] 100%"), screen);
    assertTrue(screen.matches("(?s).*Step (\\d)/\\1: Signing and writing.*") && screen.contains("Summary:"), screen);
    assertEquals(1, Fixtures.listAll(out).size());
  }

  @Test
  void versionCompletionAndManPages_areGeneratedFromTheCommandModel() throws Exception {
    assertTrue(cli.run("--version").expect(0).out().contains("airgap-archive/1"));
    Path script = Files.writeString(tmp.resolve("completion.bash"), cli.run("completion").expect(0).out());
    assertEquals(0, Fixtures.exec(tmp, "bash", "-n", script.toString()).exitCode());
    assertTrue(Files.readString(script).contains("complete -F"));
    for (Class<?> sub : ArchiverCli.SUBCOMMANDS) { // a run builds only its own subcommand; completion needs all
      String name = sub.getAnnotation(picocli.CommandLine.Command.class).name();
      // picocli's function names drop the hyphen: publish-deps -> _picocli_archiver_publishdeps
      assertTrue(Files.readString(script).contains("function _picocli_archiver_" + name.replace("-", "")), name);
    }
    assertEquals(List.of(VerifyCli.class), ArchiverCli.subcommandsFor(new String[] {"verify", "x.tar.gz"}));
    assertEquals(ArchiverCli.SUBCOMMANDS, ArchiverCli.subcommandsFor(new String[] {"--help"}));
    Path man = tmp.resolve("man");
    cli.run("man", "--out", man.toString()).expect(0);
    try (Stream<Path> pages = Files.list(man)) {
      List<String> names = pages.map(p -> p.getFileName().toString()).toList();
      for (String command : List.of("", "-create", "-verify", "-restore", "-inspect", "-review", "-keygen", "-sync", "-push", "-pull", "-list")) {
        assertTrue(names.contains("archiver" + command + ".1"), names.toString());
      }
    }
    Fixtures.ProcessResult render = Fixtures.exec(tmp, "groff", "-man", "-Tutf8", "-ww", "-P-cbou", man.resolve("archiver-restore.1").toString());
    assertEquals(0, render.exitCode(), render.output());
    assertTrue(render.output().contains("--on-conflict POLICY"), render.output());
  }

}
