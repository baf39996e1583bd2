package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.DroppingProxy;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropped connections, concurrent runs, replayed archives: nothing half-done, nothing backwards. Kills
 * are in {@link CrashPointTest}, where each one is proven to land at a named point before what survived
 * is checked.
 */
class FaultSafetyTest {
  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    byte[] data = new byte[24 << 20];
    new Random(7).nextBytes(data);
    Files.write(src.resolve("large.bin"), data);
    git(src, "add", "large.bin");
    git(src, "commit", "-q", "-m", "large binary");
  }

  @Test
  void droppedConnectionsDuringFetchAndPush_areRetried_andNeverLeaveAHalfUpdatedRef() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "clone", "-q", "--mirror", src.toString(), served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", served.resolve("target.git").toString());
    try (GitHttpServer server = GitHttpServer.start(served, "user", "token");
        DroppingProxy proxy = DroppingProxy.start(server.port(), Set.of(1, 3), 200)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("source.git")).getPath();
      cli.env("SOURCE_USERNAME", "user").env("SOURCE_TOKEN", "token");
      CliRunner.Run create = cli.run("create", "--source", viaProxy, "--output", tmp.resolve("out").toString(),
          "--sign-key", keys.secret().toString()).expect(0);
      assertTrue(create.err().contains("retry 1/"), create.err());
      assertTrue(proxy.drops() >= 1);
    }
    try (GitHttpServer server = GitHttpServer.start(served, "user", "token");
        DroppingProxy proxy = DroppingProxy.start(server.port(), Set.of(2, 3), 300)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("target.git")).getPath();
      cli.env("TARGET_USERNAME", "user").env("TARGET_TOKEN", "token");
      CliRunner.Run restore = cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(),
          "--target", viaProxy, "--trust", keys.pub().toString()).expect(0);
      assertTrue(restore.err().contains("retry 1/"), restore.err());
    }
    assertEquals(CGit.refs(src), CGit.refs(served.resolve("target.git")));
  }

  @Test
  void twoCreatesOnOneCache_andTwoRestoresOnOneWorkspace_serialiseInsteadOfCorrupting() throws Exception {
    CompletableFuture<CliRunner.Run> a = CompletableFuture.supplyAsync(() -> cli.run("create", "--source",
        src.toString(), "--output", tmp.resolve("out-a").toString(), "--sign-key", keys.secret().toString()));
    CompletableFuture<CliRunner.Run> b = CompletableFuture.supplyAsync(() -> cli.run("create", "--source",
        src.toString(), "--output", tmp.resolve("out-b").toString(), "--sign-key", keys.secret().toString()));
    a.get().expect(0);
    b.get().expect(0);
    String archive = Fixtures.onlyArchive(tmp.resolve("out-a")).toString();
    cli.run("verify", Fixtures.onlyArchive(tmp.resolve("out-b")).toString(), "--trust", keys.pub().toString()).expect(0);

    Path target = tmp.resolve("target.git");
    Path ws = tmp.resolve("ws");
    CompletableFuture<CliRunner.Run> r1 = CompletableFuture.supplyAsync(() -> cli.run("restore", archive,
        "--target", target.toString(), "--trust", keys.pub().toString(), "--workspace", ws.toString()));
    CompletableFuture<CliRunner.Run> r2 = CompletableFuture.supplyAsync(() -> cli.run("restore", archive,
        "--target", target.toString(), "--trust", keys.pub().toString(), "--workspace", ws.toString()));
    r1.get().expect(0);
    r2.get().expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void replayedOlderArchive_isRefused_unlessRollbackIsAllowed() throws Exception {
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("old").toString(),
        "--sign-key", keys.secret().toString(), "--timestamp", "2026-01-01T00:00:00Z").expect(0);
    SampleRepos.commit(src, "new.txt", "new\n", "newer work");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("new").toString(),
        "--sign-key", keys.secret().toString(), "--timestamp", "2026-02-01T00:00:00Z").expect(0);
    Path target = tmp.resolve("target.git");
    Path ws = tmp.resolve("ws");
    String trust = keys.pub().toString();
    cli.run("restore", Fixtures.onlyArchive(tmp.resolve("new")).toString(), "--target", target.toString(),
        "--trust", trust, "--workspace", ws.toString()).expect(0);
    String refs = CGit.refs(target);

    CliRunner.Run replay = cli.run("restore", Fixtures.onlyArchive(tmp.resolve("old")).toString(), "--target",
        target.toString(), "--trust", trust, "--workspace", ws.toString()).expect(3);
    assertTrue(replay.err().contains("refusing to move refs backwards"), replay.err());
    assertEquals(refs, CGit.refs(target));
    // allowed on purpose, the target still guards diverging refs under the default policy
    cli.run("restore", Fixtures.onlyArchive(tmp.resolve("old")).toString(), "--target", target.toString(),
        "--trust", trust, "--workspace", ws.toString(), "--allow-rollback").expect(4);
    assertEquals(refs, CGit.refs(target));
  }

  @Test
  void requireSigner_acceptsOnlyTheNamedKey() throws Exception {
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    String archive = Fixtures.onlyArchive(tmp.resolve("out")).toString();
    String fingerprint = cli.run("verify", archive, "--trust", keys.pub().toString(), "--json").expect(0).out()
        .replaceAll("(?s).*\"signer\" : \"([0-9A-F]{40})\".*", "$1");
    Fixtures.Keys other = Fixtures.Keys.generate(cli, tmp.resolve("other"));
    String both = keys.pub() + "," + other.pub();
    cli.run("verify", archive, "--trust", both, "--require-signer", fingerprint).expect(0);
    String otherFpr = cli.run("keygen", "--out", tmp.resolve("third").toString(), "--json").expect(0).out()
        .replaceAll("(?s).*\"fingerprint\" : \"([0-9A-F]{40})\".*", "$1");
    CliRunner.Run wrong = cli.run("verify", archive, "--trust", both, "--require-signer", otherFpr).expect(3);
    assertTrue(wrong.err().contains("not by the required signer"), wrong.err());
    assertFalse(Files.exists(tmp.resolve("target.git")));
  }
}
