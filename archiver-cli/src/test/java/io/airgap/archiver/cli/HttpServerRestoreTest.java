package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source and target behind JGit's smart-HTTP server with basic auth, on loopback. */
class HttpServerRestoreTest {
  private static final String USER = "operator";
  private static final String TOKEN = "s3cr3t-t0ken-value";

  @TempDir Path tmp;
  private GitHttpServer server;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    src = SampleRepos.rich(tmp.resolve("src"));
    git(tmp, "clone", "-q", "--mirror", src.toString(), served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", served.resolve("target.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  @Test
  void httpSourceAndTarget_withToken_roundTripExactly() throws Exception {
    cli.env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN);
    CliRunner.Run create = cli.run("create", "--source", server.url("source.git"), "--output",
        tmp.resolve("out").toString(), "--sign-key", keys.secret().toString()).expect(0);
    assertFalse(create.all().contains(TOKEN));
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    String manifest = new String(ArchiveTamper.read(archive).get("manifest.json"));
    assertTrue(manifest.contains(server.url("source.git")) && !manifest.contains(TOKEN), manifest);

    cli.env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", server.url("target.git"),
        "--trust", keys.pub().toString()).expect(0);
    assertTrue(restore.err().contains("default branch"), restore.err());
    assertTrue(restore.err().contains("sent the verified pack to " + server.url("target.git") + " as it is"),
        restore.err());
    assertEquals(CGit.refs(src), CGit.refs(server.root().resolve("target.git")));
    assertEquals(0, CGit.run(server.root().resolve("target.git"), "fsck", "--full").exitCode());
  }

  @Test
  void manyRefs_thatExceedTheServersCommandLimit_arePushedInBatches() throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(src.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo)) {
      BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate();
      ObjectId head = repo.resolve("HEAD");
      for (int i = 0; i < 8_000; i++) {
        batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), head, String.format("refs/heads/many/branch-%05d", i)));
      }
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    }
    // 8,000 update commands are about 0.9 MB; one push of them all would exceed this limit
    git(server.root().resolve("target.git"), "config", "receive.maxCommandBytes", "700000");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    cli.env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
    CliRunner.Run run = cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(), "--target",
        server.url("target.git"), "--trust", keys.pub().toString()).expect(0);
    assertTrue(run.err().contains("limits the size of one push"), run.err());
    assertEquals(CGit.refs(src), CGit.refs(server.root().resolve("target.git")));
  }

  @Test
  void wrongToken_failsWithExit1_andNeverShowsTheToken() throws Exception {
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    String wrong = "wrong-token-123456";
    cli.env("TARGET_USERNAME", USER).env("TARGET_TOKEN", wrong);
    CliRunner.Run run = cli.run("restore", archive.toString(), "--target", server.url("target.git"),
        "--trust", keys.pub().toString()).expect(1);
    assertTrue(run.err().contains("refused the credentials"), run.err());
    assertFalse(run.all().contains(wrong));
    assertFalse(run.all().contains(TOKEN));
    assertTrue(server.rejectedLogins() > 0);
    assertEquals("", CGit.refs(server.root().resolve("target.git")));

    CliRunner.Run json = cli.run("restore", archive.toString(), "--target", server.url("target.git"),
        "--trust", keys.pub().toString(), "--json").expect(1);
    assertTrue(json.out().contains("\"exit_code\" : 1"), json.out());
    assertFalse(json.all().contains(wrong));
  }
}
