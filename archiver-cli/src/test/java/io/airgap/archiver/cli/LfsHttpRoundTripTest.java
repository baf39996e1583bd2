package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git LFS end to end over HTTP: source and target are JGit's Git server plus JGit's LFS server on
 * loopback, with basic auth; the source repository was pushed there by the real git-lfs client.
 */
class LfsHttpRoundTripTest {
  private static final String USER = "operator";
  private static final String TOKEN = "lfs-t0ken-value-42";

  @TempDir Path tmp;
  private GitHttpServer server;
  private GitLfs lfs;
  private LfsSampleRepo repo;
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
    cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN)
        .env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  @Test
  void everyLfsObjectOfEveryRef_reachesTheTargetServer_andRerunsTransferNothing() throws Exception {
    CliRunner.Run create = create(tmp.resolve("out")).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    LfsChecks.archiveCarriesAll(archive, repo);
    cli.run("verify", archive.toString(), "--trust", keys.pub().toString()).expect(0);

    CliRunner.Run restore = restore(archive).expect(0);
    assertEquals(repo.objects().size(), requests("PUT", "target.git").size(), server.lfsRequests().toString());
    assertEquals(repo.objects().size(), requests("POST", "target.git/info/lfs/verify").size());
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertArrayEquals(repo.objects().get(oid), Files.readAllBytes(stored), oid);
    }
    LfsChecks.cloneHasEveryLfsFile(lfs, server.url("target.git"), tmp.resolve("clone"), repo);

    int downloads = requests("GET", "source.git").size();
    assertEquals(repo.objects().size(), downloads);
    int seen = server.lfsRequests().size();
    CliRunner.Run again = create(tmp.resolve("out2")).expect(0);
    assertEquals(List.of(), server.lfsRequests().subList(seen, server.lfsRequests().size()),
        "the second create must take every object from its cache");
    CliRunner.Run rerun = restore(archive).expect(0);
    assertEquals(repo.objects().size(), requests("PUT", "target.git").size(), "a re-run must upload nothing");
    assertTrue(rerun.err().contains("0 objects stored"), rerun.err());
    for (CliRunner.Run run : List.of(create, restore, again, rerun)) {
      assertFalse(run.all().contains(TOKEN), run.all());
    }
  }

  @Test
  void tipsScope_leavesOutObjectsOnlyOldHistoryUses() throws Exception {
    create(tmp.resolve("out"), "--lfs-scope", "tips").expect(0);
    Map<String, byte[]> entries = ArchiveTamper.read(Fixtures.onlyArchive(tmp.resolve("out")));
    assertFalse(entries.containsKey(ArchiveLayout.lfsObjectPath(LfsSampleRepo.oid(repo.historyOnly))));
    Set<String> atTips = new TreeSet<>();
    repo.expected.forEach((rev, files) -> {
      if (!rev.contains("~")) {
        files.values().forEach(c -> atTips.add(ArchiveLayout.lfsObjectPath(LfsSampleRepo.oid(c))));
      }
    });
    assertEquals(atTips, new TreeSet<>(entries.keySet().stream().filter(n -> n.startsWith("lfs/")).toList()));
  }

  @Test
  void serverSendingCorruptContent_failsCreateNamingTheObject() throws Exception {
    String oid = LfsSampleRepo.oid(repo.expected.get("feature/lfs").get("feature.bin"));
    Path stored = server.lfsObjects("source.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    Files.write(stored, ArchiveTamper.flipByte(Files.readAllBytes(stored), 3));

    CliRunner.Run run = create(tmp.resolve("out")).expect(1);
    assertTrue(run.err().contains(oid) && run.err().contains("corrupt"), run.err());
    assertEquals(List.of(), Fixtures.listAll(tmp.resolve("out")));
    assertEquals(1, requests("GET", oid).size(), "a corrupt object is not worth a retry");
  }

  @Test
  void objectTheServerLacks_failsCreate_unlessAllowed_thenInspectAndRestoreWarn() throws Exception {
    String oid = LfsSampleRepo.oid(repo.expected.get("v-lfs").get("tagged.bin"));
    Files.delete(server.lfsObjects("source.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid));

    CliRunner.Run refused = create(tmp.resolve("out")).expect(1);
    assertTrue(refused.err().contains(oid) && refused.err().contains("--allow-missing-lfs"), refused.err());
    assertEquals(List.of(), Fixtures.listAll(tmp.resolve("out")));

    CliRunner.Run allowed = create(tmp.resolve("out"), "--allow-missing-lfs").expect(0);
    assertTrue(allowed.err().contains("WITHOUT 1 Git LFS object") && allowed.err().contains(oid), allowed.err());
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    String manifest = new String(ArchiveTamper.read(archive).get("manifest.json"));
    assertTrue(manifest.contains("\"lfs_missing\" : [ {\n    \"oid\" : \"" + oid + "\""), manifest);
    CliRunner.Run inspect = cli.run("inspect", archive.toString()).expect(0);
    assertTrue(inspect.err().contains("warning: this archive LACKS 1 Git LFS object") && inspect.err().contains(oid),
        inspect.err());
    assertTrue(inspect.out().lines().anyMatch(l -> l.matches("Git LFS:\\s+\\d+ objects, 1 MISSING .*")), inspect.out());
    CliRunner.Run restore = restore(archive, "--lfs-url", server.url("target.git") + "/info/lfs/").expect(0);
    assertTrue(restore.err().contains("LACKS 1 Git LFS object"), restore.err());
    assertEquals(repo.objects().size() - 1, requests("PUT", "target.git").size());
  }

  @Test
  void alteredLfsObject_failsVerifyWithExit3NamingIt_andRestoreUploadsNothing() throws Exception {
    create(tmp.resolve("out")).expect(0);
    String oid = LfsSampleRepo.oid(repo.expected.get("main").get("data/big.bin"));
    String entry = ArchiveLayout.lfsObjectPath(oid);
    Path bad = ArchiveTamper.rewrite(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("bad.tar.gz"),
        e -> e.put(entry, ArchiveTamper.flipByte(e.get(entry), 1000)));

    CliRunner.Run verify = cli.run("verify", bad.toString(), "--trust", keys.pub().toString()).expect(3);
    assertTrue(verify.err().contains(entry + " does not match its SHA-256"), verify.err());
    restore(bad).expect(3);
    assertEquals(List.of(), server.lfsRequests().stream().filter(r -> r.contains("target.git")).toList());
    assertEquals("", CGit.refs(server.root().resolve("target.git")));
  }

  @Test
  void connectionsCutDuringLfsDownloadAndUpload_areRetried_andEveryObjectArrives() throws Exception {
    String sourcePath = java.net.URI.create(server.url("source.git")).getPath();
    String targetPath = java.net.URI.create(server.url("target.git")).getPath();
    try (io.airgap.archiver.testing.DroppingProxy proxy = io.airgap.archiver.testing.DroppingProxy.start(
        server.port(), java.util.Set.of(1, 3, 6, 8), 700)) {
      // git traffic goes direct; only the LFS transfers cross the flaky proxy
      String base = "http://127.0.0.1:" + proxy.port();
      CliRunner.Run create = create(tmp.resolve("out"), "--lfs-url", base + sourcePath + "/info/lfs").expect(0);
      Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
      LfsChecks.archiveCarriesAll(archive, repo);
      int afterDownload = proxy.drops();
      CliRunner.Run restore = restore(archive, "--lfs-url", base + targetPath + "/info/lfs").expect(0);
      assertTrue(afterDownload >= 1 && proxy.drops() > afterDownload,
          "cut connections: " + afterDownload + " then " + proxy.drops() + "\n" + create.err() + restore.err());
    }
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertArrayEquals(repo.objects().get(oid), Files.readAllBytes(stored), oid);
    }
  }

  @Test
  void uploadBodyCutMidObject_isRetried_saidSo_andTheStoredObjectMatchesItsOid() throws Exception {
    CliRunner.Run create = create(tmp.resolve("out")).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    String targetPath = java.net.URI.create(server.url("target.git")).getPath();
    try (io.airgap.archiver.testing.RequestFaultProxy proxy = io.airgap.archiver.testing.RequestFaultProxy.start(
        server.port(), line -> line.startsWith("PUT ") && line.contains("target.git/info/lfs/objects/"),
        io.airgap.archiver.testing.RequestFaultProxy.Fault.CUT_BODY, 1, 5)) {
      server.advertiseLfsThrough(proxy.port());
      CliRunner.Run restore = restore(archive, "--lfs-url", "http://127.0.0.1:" + proxy.port() + targetPath
          + "/info/lfs").expect(0);
      assertEquals(1, proxy.faulted().size(), "one upload cut mid-body: " + proxy.requests());
      assertTrue(restore.err().contains("retry 1/"), restore.err());
      try (java.util.stream.Stream<Path> logs = Files.list(tmp.resolve("logs"))) {
        String all = logs.map(f -> {
          try {
            return Files.readString(f);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).reduce("", String::concat);
        assertTrue(all.contains("retry 1/"), "the retry is in the log too");
      }
    }
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertEquals(oid, java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(stored))), "stored " + oid);
    }
  }

  private CliRunner.Run create(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "--source", server.url("source.git"),
        "--output", out.toString(), "--sign-key", keys.secret().toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private CliRunner.Run restore(Path archive, String... extra) {
    List<String> args = new ArrayList<>(List.of("restore", archive.toString(), "--target",
        server.url("target.git"), "--trust", keys.pub().toString(), "--workspace", tmp.resolve("workspace").toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private List<String> requests(String method, String pathPart) {
    return server.lfsRequests().stream().filter(r -> r.startsWith(method + " ") && r.contains(pathPart)).toList();
  }
}
