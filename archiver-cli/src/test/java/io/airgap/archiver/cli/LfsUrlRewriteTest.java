package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code url.<base>.insteadOf} and {@code pushInsteadOf} from the operator's own git config rewrite the
 * LFS server's URL (JGit's LFS server on loopback behind basic auth); a repository's {@code .lfsconfig}
 * cannot.
 */
class LfsUrlRewriteTest {
  private static final String USER = "operator";
  private static final String TOKEN = "rewrite-t0ken-55";

  @TempDir Path tmp;
  private GitHttpServer server;
  private LfsSampleRepo repo;
  private GitLfs lfs;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("target.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    lfs.git(repo.dir, "remote", "add", "origin", server.url("source.git"));
    lfs.git(repo.dir, "push", "-q", "origin", "--all");
    lfs.git(repo.dir, "push", "-q", "origin", "--tags");
    lfs.git(repo.dir, "lfs", "push", "--all", "origin");
    Path xdg = Files.createDirectories(tmp.resolve("xdg").resolve("git"));
    Files.writeString(xdg.resolve("config"), "[url \"" + server.url("") + "\"]\n"
        + "\tinsteadOf = https://lfs.example.invalid/\n"
        + "\tpushInsteadOf = https://push.example.invalid/\n");
    cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN)
        .env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN).env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  @Test
  void insteadOfForDownloads_pushInsteadOfForUploads_fromTheOperatorsGitConfig() throws Exception {
    CliRunner.Run create = cli.run("create", "--source", server.url("source.git"), "--output",
        tmp.resolve("out").toString(), "--sign-key", keys.secret().toString(),
        "--lfs-url", "https://lfs.example.invalid/source.git/info/lfs").expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    LfsChecks.archiveCarriesAll(archive, repo);

    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", server.url("target.git"),
        "--trust", keys.pub().toString(), "--lfs-url", "https://push.example.invalid/target.git/info/lfs").expect(0);
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertArrayEquals(repo.objects().get(oid), Files.readAllBytes(stored), oid);
    }
    assertEquals(0, server.rejectedLogins());
    assertFalse(create.all().contains(TOKEN) || restore.all().contains(TOKEN));
  }

  @Test
  void aRepositorysLfsconfig_cannotRewriteUrls() throws Exception {
    Files.writeString(repo.dir.resolve(".lfsconfig"), "[lfs]\n\turl = https://evil.example.invalid/x/info/lfs\n"
        + "[url \"" + server.url("") + "\"]\n\tinsteadOf = https://evil.example.invalid/\n");
    Files.writeString(tmp.resolve("xdg").resolve("git").resolve("config"), ""); // the operator rewrites nothing
    lfs.git(repo.dir, "add", ".lfsconfig");
    lfs.git(repo.dir, "commit", "-q", "-m", "lfsconfig");
    lfs.git(repo.dir, "push", "-q", "origin", "HEAD:main");
    int before = server.lfsRequests().size();
    CliRunner.Run run = cli.run("create", "--source", server.url("source.git"), "--output",
        tmp.resolve("out").toString(), "--sign-key", keys.secret().toString()).expect(1);
    assertTrue(run.err().contains("evil.example.invalid"), run.err());
    assertEquals(java.util.List.of(), server.lfsRequests().subList(before, server.lfsRequests().size()),
        "the repository's own insteadOf must not send this machine to the LFS server");
  }
}
