package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git LFS both ways in a bidirectional sync: A is JGit's HTTP server with its LFS server, B a
 * file:// bare repository (git-lfs's standalone layout); stock git-lfs writes on each side and reads
 * what the other side was given.
 */
class SyncBidirectionalLfsTest {
  private static final String USER = "operator";
  private static final String TOKEN = "two-way-t0ken-5";

  @TempDir Path tmp;
  private GitHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("a.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  @Test
  void lfsObjectsGoWithTheRefs_fromTheHttpSideToTheFileSide_andBack() throws Exception {
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    repo.pushAll(lfs, server.url("a.git"));
    Path b = tmp.resolve("b.git");
    git(tmp, "init", "-q", "--bare", "-b", "main", b.toString());
    CliRunner cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN);

    CliRunner.Run first = cli.run("sync", "--bidirectional", "--source", server.url("a.git"), "--target", "file://" + b)
        .expect(0);
    assertFalse(first.all().contains(TOKEN));
    assertEquals(CGit.refs(server.root().resolve("a.git")), CGit.refs(b));
    LfsChecks.cloneHasEveryLfsFile(lfs, "file://" + b, tmp.resolve("clone-b"), repo);

    // a new LFS file committed on B's side reaches A's LFS server
    Path workB = tmp.resolve("clone-b");
    lfs.git(workB, "checkout", "-q", "-b", "from-b", "origin/main");
    byte[] content = "made on side B\n".getBytes(StandardCharsets.UTF_8);
    Files.write(workB.resolve("from-b.bin"), content);
    lfs.git(workB, "add", "-A");
    lfs.git(workB, "commit", "-q", "-m", "binary from B");
    lfs.git(workB, "push", "-q", "origin", "from-b");
    cli.run("sync", "--bidirectional", "--source", server.url("a.git"), "--target", "file://" + b).expect(0);
    assertEquals(CGit.refs(b), CGit.refs(server.root().resolve("a.git")));
    String oid = LfsSampleRepo.oid(content);
    Path stored = server.lfsObjects("a.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    assertArrayEquals(content, Files.readAllBytes(stored));
  }
}
