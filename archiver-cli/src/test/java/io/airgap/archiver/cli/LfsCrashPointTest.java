package io.airgap.archiver.cli;

import static io.airgap.archiver.cli.CrashPoints.allFiles;
import static io.airgap.archiver.cli.CrashPoints.assertEachRefOldOrNew;
import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.StallingProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills that land mid-LFS transfer: a loopback proxy holds the 300 KB object's download (create)
 * or upload (restore) at byte 100,000; the test asserts it is held there, SIGKILLs the CLI, checks
 * nothing half-done is visible, and a re-run finishes with every object exact.
 */
class LfsCrashPointTest {
  private static final String USER = "operator";
  private static final String TOKEN = "lfs-t0ken-value-42";
  private static final Map<String, String> CREDENTIALS = Map.of("SOURCE_USERNAME", USER, "SOURCE_TOKEN", TOKEN,
      "TARGET_USERNAME", USER, "TARGET_TOKEN", TOKEN);

  @TempDir Path tmp;
  private GitHttpServer server;
  private LfsSampleRepo repo;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("target.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    lfs.git(repo.dir, "remote", "add", "origin", server.url("source.git"));
    lfs.git(repo.dir, "push", "-q", "origin", "--all");
    lfs.git(repo.dir, "push", "-q", "origin", "--tags");
    lfs.git(repo.dir, "lfs", "push", "--all", "origin");
    cli = new CliRunner(tmp);
    CREDENTIALS.forEach(cli::env);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private String lfsUrlThrough(StallingProxy proxy, String repoName) {
    server.advertiseLfsThrough(proxy.port());
    return "http://127.0.0.1:" + proxy.port() + URI.create(server.url(repoName)).getPath() + "/info/lfs";
  }

  @Test
  void createKilledMidLfsDownload_leavesNoArchive_andTheNextRunCarriesEveryObject() throws Exception {
    Path out = tmp.resolve("out");
    String[] create = {"create", "--source", server.url("source.git"), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--no-deps", "--lfs-url", null};
    try (StallingProxy proxy = StallingProxy.start(server.port(), StallingProxy.Direction.DOWNLOAD, 100_000)) {
      create[create.length - 1] = lfsUrlThrough(proxy, "source.git");
      try (CliProcess p = CliProcess.start(tmp, CREDENTIALS, create)) {
        assertTrue(proxy.awaitStall(120, TimeUnit.SECONDS), "no LFS download reached 100,000 bytes:\n" + p.output());
        assertTrue(p.isAlive(), "held mid-download");
        p.kill();
      }
      assertEquals(List.of(), allFiles(out), "no archive, no partial");
      cli.run(create).expect(0);
    }
    LfsChecks.archiveCarriesAll(Fixtures.onlyArchive(out), repo);
  }

  @Test
  void restoreKilledMidLfsUpload_leavesTheTargetsRefsUntouched_andTheNextRunEndsExact() throws Exception {
    cli.run("create", "--source", server.url("source.git"), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString(), "--no-deps").expect(0);
    Path target = tmp.resolve("served/target.git");
    String before = CGit.refs(target);
    String[] restore = {"restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(), "--target",
        server.url("target.git"), "--trust", keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(),
        "--lfs-url", null};
    try (StallingProxy proxy = StallingProxy.start(server.port(), StallingProxy.Direction.UPLOAD, 100_000)) {
      restore[restore.length - 1] = lfsUrlThrough(proxy, "target.git");
      try (CliProcess p = CliProcess.start(tmp, CREDENTIALS, restore)) {
        assertTrue(proxy.awaitStall(120, TimeUnit.SECONDS), "no LFS upload reached 100,000 bytes:\n" + p.output());
        assertTrue(p.isAlive(), "held mid-upload");
        p.kill();
      }
      assertEquals(before, CGit.refs(target), "LFS uploads come before the push: no ref moved");
      assertEachRefOldOrNew(before, tmp.resolve("served/source.git"), target);
      cli.run(restore).expect(0);
    }
    assertEquals(CGit.refs(tmp.resolve("served/source.git")), CGit.refs(target));
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4))
          .resolve(oid);
      assertEquals(oid, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(stored))), "stored " + oid);
    }
  }
}
