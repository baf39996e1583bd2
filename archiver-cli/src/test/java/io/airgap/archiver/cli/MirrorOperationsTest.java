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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code archiver mirror} does when things around it misbehave or change: a notification
 * receiver that fails or refuses, a primary source that comes back, backups under retention, and a
 * bidirectional mirror — each against real C git repositories and a loopback HTTP receiver, checking
 * what actually arrived rather than what the code is believed to do.
 */
class MirrorOperationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private CliRunner cli;
  private HttpServer receiver;
  /** Each request's path and the status the receiver answered it with. */
  private final List<String> answered = new CopyOnWriteArrayList<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    receiver.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      int code = switch (path) {
        case "/flaky" -> flakyCalls.incrementAndGet() == 1 ? 500 : 200; // fails once, then takes it
        case "/refuses" -> 400;
        default -> 200;
      };
      answered.add(path + " " + code);
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
  }

  private String receiverUrl(String pathAndQuery) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + pathAndQuery;
  }

  /** One healthy mirror that notifies every success to {@code webhook}. */
  private Path notifyingMirror(String webhook) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    return Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            interval: 1h
        notifications:
          webhook: %s
          on: [ success ]
        """.formatted(src, tmp.resolve("target.git"), webhook));
  }

  @Test
  void aReceiverThatFailsOnce_getsTheNotificationOnRetry_exactlyOnce() throws Exception {
    Path config = notifyingMirror(receiverUrl("/flaky"));
    // --once waits for notifications still being sent before it exits
    CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    assertEquals(List.of("/flaky 500", "/flaky 200"), answered, run.all());
    assertTrue(run.all().contains("notification to webhook failed (HTTP 500); retry 1/3"), run.all());
    assertFalse(run.all().contains("giving up"), run.all());
  }

  @Test
  void aReceiverThatRefuses_isNotRetried_theRunStillSucceeds_andTheWarningKeepsTheUrlSecret() throws Exception {
    Path config = notifyingMirror(receiverUrl("/refuses?token=W3BH00K-S3CRET"));
    CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    assertEquals(List.of("/refuses 400"), answered, run.all());
    assertTrue(run.all().contains("notification to webhook was refused (HTTP 400)"), run.all());
    assertFalse(run.all().contains("W3BH00K-S3CRET") || run.all().contains("/refuses"), run.all());
    assertEquals(head(tmp.resolve("src")), head(tmp.resolve("target.git")), "the mirror itself synced");
    JsonNode status = mirrorStatus(config);
    assertEquals("ok", status.get("state").asText(), status.toString());
  }

  @Test
  void aPrimaryThatFailsFailsOverAfterTheCount_andTheNextRunAfterItAnswersUsesItAgain() throws Exception {
    Path fallback = SampleRepos.simple(tmp.resolve("fallback-src"));
    Path primary = tmp.resolve("primary-src"); // not there yet: the primary is down
    Path target = tmp.resolve("target.git");
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            fallback-sources: [ "%s" ]
            failover-after: 2
            targets: [ "%s" ]
            interval: 1h
        """.formatted(primary, fallback, target));

    cli.run("mirror", "run", "--config", config.toString(), "--all").expect(1);
    assertEquals("failed", mirrorStatus(config).get("state").asText(), "one failure is below failover-after");

    CliRunner.Run second = cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    JsonNode failedOver = mirrorStatus(config);
    assertEquals("failed-over", failedOver.get("state").asText(), second.all());
    assertEquals(fallback.toString(), failedOver.get("source_in_use").asText(), failedOver.toString());
    assertEquals(head(fallback), head(target));

    git(tmp, "clone", "-q", fallback.toString(), primary.toString());
    SampleRepos.commit(primary, "primary.txt", "only on the primary\n", "primary moves on");
    CliRunner.Run third = cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    JsonNode back = mirrorStatus(config);
    assertEquals("ok", back.get("state").asText(), third.all());
    assertEquals(primary.toString(), back.get("source_in_use").asText(), back.toString());
    assertEquals(head(primary), head(target), "the run took the primary's new commit");
    assertTrue(third.all().contains("the primary source answers again"), third.all());
  }

  @Test
  void backupsUnderRetention_aNewChainLeavesOnlyItself_andItVerifies() throws Exception {
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path backups = tmp.resolve("backups");
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            backup-to: [ "%s" ]
            sign-key: %s
            retention: { keep-chains: 1 }
            interval: 1h
        """.formatted(src, backups, keys.secret()));
    cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    SampleRepos.commit(src, "two.txt", "two\n", "two");
    cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    assertEquals(List.of("full", "incremental"), types(backups), "one chain: a full and its increment");
    List<Path> firstChain = Fixtures.listAll(backups);

    // creation times have one-second precision: chains of the same second are equally new and both kept
    Fixtures.awaitNextSecond();
    // a fresh cache (a new machine, or a lost one) knows no earlier archive: the next backup is a full
    cli.env("ARCHIVER_CACHE", tmp.resolve("fresh-cache").toString());
    SampleRepos.commit(src, "three.txt", "three\n", "three");
    CliRunner.Run third = cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    List<Path> left = Fixtures.listAll(backups);
    assertEquals(List.of("full"), types(backups), third.all());
    assertTrue(left.stream().noneMatch(firstChain::contains), "the older chain went: " + left);
    Path kept = left.stream().filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
    CliRunner.Run verify = cli.run("verify", kept.toString(), "--trust", keys.pub().toString()).expect(0);
    assertFalse(verify.all().contains("not checked"), verify.all());
    Path restored = tmp.resolve("restored.git");
    cli.run("restore", kept.toString(), "--target", restored.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(head(src), head(restored), "the kept chain holds the newest state");
  }

  /** The types (full/incremental) of the archives in {@code folder}, sorted. */
  private List<String> types(Path folder) throws Exception {
    JsonNode listed = JSON.readTree(cli.run("list", folder.toString(), "--json").expect(0).out());
    List<String> types = new java.util.ArrayList<>();
    listed.get("archives").forEach(a -> types.add(a.get("type").asText()));
    return types.stream().sorted().toList();
  }

  @Test
  void bidirectional_aCommitOnEachSide_bothHaveBothAfterOneRun() throws Exception {
    Path seed = SampleRepos.simple(tmp.resolve("seed"));
    Path a = tmp.resolve("a.git");
    Path b = tmp.resolve("b.git");
    git(tmp, "clone", "-q", "--bare", seed.toString(), a.toString());
    git(tmp, "clone", "-q", "--bare", seed.toString(), b.toString());
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: both-ways
            source: %s
            targets: [ "%s" ]
            direction: bidirectional
            interval: 1h
        """.formatted(a, b));
    pushCommit(a, "work-a", "only-a", "a.txt");
    pushCommit(b, "work-b", "only-b", "b.txt");

    CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    assertEquals(CGit.refs(a), CGit.refs(b), run.all());
    assertTrue(CGit.refs(a).contains("refs/heads/only-b") && CGit.refs(b).contains("refs/heads/only-a"), CGit.refs(a));
    assertEquals("ok", mirrorStatus(config).get("state").asText());
  }

  /** Commits {@code file} on a new branch in a working clone of {@code bare} and pushes it. */
  private void pushCommit(Path bare, String work, String branch, String file) {
    Path clone = tmp.resolve(work);
    git(tmp, "clone", "-q", bare.toString(), clone.toString());
    git(clone, "checkout", "-q", "-b", branch);
    SampleRepos.commit(clone, file, "from " + branch + "\n", "add " + file);
    git(clone, "push", "-q", "origin", branch);
  }

  private static String head(Path repo) {
    return git(repo, "rev-parse", "refs/heads/main").strip();
  }

  /** The one mirror's entry in {@code mirror status --json}. */
  private JsonNode mirrorStatus(Path config) throws Exception {
    return JSON.readTree(cli.run("mirror", "status", "--config", config.toString(), "--json").expect(0).out())
        .get("mirrors").get(0);
  }
}
