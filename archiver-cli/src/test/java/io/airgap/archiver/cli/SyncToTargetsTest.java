package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-way sync from a JGit smart-HTTP + LFS source (pushed there by the real git-lfs) to three real
 * targets at once: a file:// bare repository, C git's {@code git daemon} (LFS on the JGit LFS server
 * beside it) and JGit's HTTP server with its LFS server; stock git + git-lfs then check each.
 */
class SyncToTargetsTest {
  private static final String USER = "operator";
  private static final String TOKEN = "sync-t0ken-value-77";

  @TempDir Path tmp;
  private GitHttpServer server;
  private GitDaemon daemon;
  private GitLfs lfs;
  private LfsSampleRepo repo;
  private CliRunner cli;
  private Path served;
  private Path fileTarget;

  @BeforeEach
  void setUp() throws Exception {
    served = Files.createDirectories(tmp.resolve("served"));
    for (String name : List.of("source.git", "http-target.git", "daemon-target.git")) {
      git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve(name).toString());
    }
    server = GitHttpServer.start(served, USER, TOKEN);
    daemon = GitDaemon.start(served);
    lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    // some history (on its own branch: the sample's expectations name main~1), so "1% new" means something
    lfs.git(repo.dir, "checkout", "-q", "-b", "history");
    commits(repo.dir, "history", 200, 40_000);
    lfs.git(repo.dir, "remote", "add", "origin", server.url("source.git"));
    lfs.git(repo.dir, "push", "-q", "origin", "--all");
    lfs.git(repo.dir, "push", "-q", "origin", "--tags");
    lfs.git(repo.dir, "lfs", "push", "--all", "origin");
    fileTarget = tmp.resolve("mirrors/file-target.git");
    cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN)
        .env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    daemon.close();
    server.close();
  }

  @Test
  void everyTargetGetsExactRefsAndRealLfsContent_thenUnchangedRunPushesNothing_andOnePercentNewPushesOnlyThat()
      throws Exception {
    long start = System.nanoTime();
    CliRunner.Run first = sync("--json").expect(0);
    long firstMs = (System.nanoTime() - start) / 1_000_000;
    String sourceRefs = CGit.refs(served.resolve("source.git"));
    assertEquals(sourceRefs, CGit.refs(fileTarget));
    assertEquals(sourceRefs, CGit.refs(served.resolve("daemon-target.git")));
    assertEquals(sourceRefs, CGit.refs(served.resolve("http-target.git")));
    assertTrue(first.out().contains("\"status\" : \"ok\""), first.out());
    assertFalse(first.all().contains(TOKEN), first.all());

    LfsChecks.cloneHasEveryLfsFile(lfs, "file://" + fileTarget, tmp.resolve("clone-file"), repo);
    LfsChecks.cloneHasEveryLfsFile(lfs, server.url("http-target.git"), tmp.resolve("clone-http"), repo);
    GitLfs daemonClient = GitLfs.setUp(tmp.resolve("lfs-home-daemon"), USER, TOKEN);
    daemonClient.git(tmp, "config", "--global", "lfs.url", server.url("daemon-target.git") + "/info/lfs");
    LfsChecks.cloneHasEveryLfsFile(daemonClient, daemon.url("daemon-target.git"), tmp.resolve("clone-daemon"), repo);

    int puts = lfsPuts();
    start = System.nanoTime();
    CliRunner.Run unchanged = sync("--json").expect(0);
    long unchangedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(3, count(unchanged.out(), "\"pushed\" : 0"), unchanged.out());
    assertEquals(puts, lfsPuts(), "an unchanged source uploads no LFS object");
    CliRunner.Run human = sync().expect(0);
    assertEquals(3, count(human.out(), "up to date, nothing pushed"), human.out());

    // 1% new: two commits on the 200-commit branch, one with a new LFS file
    commits(repo.dir, "new", 1, 40_000);
    Files.writeString(repo.dir.resolve("assets/new.bin"), "new LFS content\n");
    lfs.git(repo.dir, "add", "-A");
    lfs.git(repo.dir, "commit", "-q", "-m", "new binary");
    lfs.git(repo.dir, "push", "-q", "origin", "history");
    start = System.nanoTime();
    CliRunner.Run incremental = sync("--json").expect(0);
    long incrementalMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(3, count(incremental.out(), "\"pushed\" : 1"), incremental.out());
    assertEquals(3, count(incremental.out(), "\"action\" : \"fast-forward\""), incremental.out());
    assertEquals(3, count(incremental.out(), "\"commits\" : 2,"), "each target got exactly the 2 new commits: "
        + incremental.out());
    assertEquals(puts + 2, lfsPuts(), "only the new LFS object goes to each HTTP LFS server");
    sourceRefs = CGit.refs(served.resolve("source.git"));
    assertEquals(sourceRefs, CGit.refs(fileTarget));
    assertEquals(sourceRefs, CGit.refs(served.resolve("daemon-target.git")));
    assertEquals(sourceRefs, CGit.refs(served.resolve("http-target.git")));
    System.out.printf("sync timings (8 MB of history to 3 targets): first %d ms, unchanged %d ms, 1%% new %d ms"
        + " (%.2f of the first)%n", firstMs, unchangedMs, incrementalMs, incrementalMs / (double) firstMs);
  }

  private CliRunner.Run sync(String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--source", server.url("source.git"),
        "--target", "file://" + fileTarget,
        "--target", daemon.url("daemon-target.git"),
        "--target", server.url("http-target.git"),
        "--target-lfs-url", daemon.url("daemon-target.git") + "=" + server.url("daemon-target.git") + "/info/lfs"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private int lfsPuts() {
    return (int) server.lfsRequests().stream().filter(r -> r.startsWith("PUT ") && r.contains("target.git")).count();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** {@code n} commits on the current branch, each adding {@code bytes} of incompressible data (not LFS-tracked). */
  static void commits(Path work, String prefix, int n, int bytes) throws Exception {
    String script = "for i in $(seq 1 " + n + "); do head -c " + bytes + " /dev/urandom > " + prefix + "-$i.dat; git add "
        + prefix + "-$i.dat; git commit -q -m \"" + prefix + " $i\"; done";
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("GIT_AUTHOR_NAME", "Test Author");
    pb.environment().put("GIT_AUTHOR_EMAIL", "author@example.com");
    pb.environment().put("GIT_COMMITTER_NAME", "Test Committer");
    pb.environment().put("GIT_COMMITTER_EMAIL", "committer@example.com");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }
}
