package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.DroppingProxy;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-way sync when things go wrong: a source branch rewritten (conflict policy, --prune, dry run)
 * and a target that is down, against a file:// bare repository and a {@code git daemon}; a push
 * whose connection is cut, against JGit's HTTP server behind a dropping proxy.
 */
class SyncConflictTest {
  @TempDir Path tmp;
  private GitDaemon daemon;
  private CliRunner cli;
  private Path work;
  private Path source;
  private Path fileTarget;
  private Path daemonTarget;

  @BeforeEach
  void setUp() throws Exception {
    work = SampleRepos.simple(tmp.resolve("work"));
    git(work, "checkout", "-q", "-b", "feature");
    SampleRepos.commit(work, "feature.txt", "feature\n", "feature");
    git(work, "checkout", "-q", "main");
    git(work, "tag", "v1");
    source = tmp.resolve("source.git");
    git(tmp, "clone", "-q", "--bare", work.toString(), source.toString());
    git(work, "remote", "add", "source", source.toString());
    Path served = Files.createDirectories(tmp.resolve("served"));
    daemonTarget = served.resolve("target.git");
    git(tmp, "init", "-q", "--bare", "-b", "main", daemonTarget.toString());
    daemon = GitDaemon.start(served);
    fileTarget = tmp.resolve("file-target.git");
    cli = new CliRunner(tmp);
  }

  @AfterEach
  void tearDown() throws Exception {
    daemon.close();
  }

  @Test
  void rewrittenSourceBranch_isExit4WithTargetsUntouched_andSourceWinsWithPruneMakesThemEqual() throws Exception {
    sync().expect(0);
    assertEquals(CGit.refs(source), CGit.refs(fileTarget));
    assertEquals(CGit.refs(source), CGit.refs(daemonTarget));

    git(work, "commit", "-q", "--amend", "-m", "hello, rewritten");
    git(work, "push", "-q", "--force", "source", "main");
    git(work, "push", "-q", "source", ":feature");
    String fileBefore = CGit.refs(fileTarget);
    String daemonBefore = CGit.refs(daemonTarget);

    CliRunner.Run refused = sync("--json").expect(4);
    assertEquals(2, count(refused.out(), "\"conflicts\" : [ \"refs/heads/main\" ]"), refused.out());
    assertEquals(2, count(refused.out(), "\"status\" : \"conflict\""), refused.out());
    assertTrue(refused.err().contains("refs/heads/main") && refused.err().contains("--on-conflict source-wins"),
        refused.err());
    assertEquals(fileBefore, CGit.refs(fileTarget));
    assertEquals(daemonBefore, CGit.refs(daemonTarget));

    CliRunner.Run dry = sync("--on-conflict", "source-wins", "--prune", "--dry-run").expect(0);
    assertTrue(dry.out().contains("Dry run") && dry.out().contains("force refs/heads/main")
        && dry.out().contains("delete refs/heads/feature"), dry.out());
    assertEquals(fileBefore, CGit.refs(fileTarget));
    assertEquals(daemonBefore, CGit.refs(daemonTarget));

    sync("--on-conflict", "source-wins", "--prune").expect(0);
    assertEquals(CGit.refs(source), CGit.refs(fileTarget));
    assertEquals(CGit.refs(source), CGit.refs(daemonTarget));
    assertFalse(CGit.refs(daemonTarget).contains("refs/heads/feature"));
  }

  @Test
  void targetThatIsDown_isReportedFailed_theOthersAreSynced_andTheExitIs1() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    String down = "http://127.0.0.1:" + closedPort + "/git/down.git";
    List<String> args = new ArrayList<>(List.of("sync", "--source", source.toString(), "--target", "file://" + fileTarget,
        "--target", down, "--target", daemon.url("target.git"), "--json"));
    CliRunner.Run run = cli.run(args.toArray(String[]::new)).expect(1);
    assertEquals(2, count(run.out(), "\"status\" : \"ok\""), run.out());
    assertEquals(1, count(run.out(), "\"status\" : \"failed\""), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.contains("\"error\" : ") && l.contains(down)), run.out());
    assertTrue(run.err().contains("sync to " + down + " failed"), run.err());
    assertFalse(run.all().contains("\tat "), "no stack trace: " + run.all());
    assertEquals(CGit.refs(source), CGit.refs(fileTarget));
    assertEquals(CGit.refs(source), CGit.refs(daemonTarget));
  }

  @Test
  void connectionsCutDuringThePush_areRetried_andTheTargetEndsEqualToTheSource() throws Exception {
    try (GitHttpServer server = GitHttpServer.start(daemonTarget.getParent(), "user", "token");
        DroppingProxy proxy = DroppingProxy.start(server.port(), Set.of(3, 4), 300)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("target.git")).getPath();
      cli.env("TARGET_USERNAME", "user").env("TARGET_TOKEN", "token");
      CliRunner.Run run = cli.run("sync", "--source", source.toString(), "--target", viaProxy).expect(0);
      assertTrue(run.err().contains("pushing to " + viaProxy + " failed") && run.err().contains("retry 1/") && proxy.drops() >= 1,
          run.err());
    }
    assertEquals(CGit.refs(source), CGit.refs(daemonTarget));
  }

  private CliRunner.Run sync(String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--source", source.toString(),
        "--target", "file://" + fileTarget, "--target", daemon.url("target.git")));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
