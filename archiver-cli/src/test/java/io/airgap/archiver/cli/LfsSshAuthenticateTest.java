package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.OpenSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git LFS for {@code ssh://} sources and targets through {@code git-lfs-authenticate}: the machine's
 * OpenSSH server runs a {@code git-lfs-authenticate} script (first on its PATH) that answers with JGit's
 * LFS server on loopback and the basic-auth header it wants; the LFS server's login is known to no one
 * but that script.
 */
class LfsSshAuthenticateTest {
  private static final String USER = "lfs-user";
  private static final String TOKEN = "granted-by-ssh-7f3a";
  /** What the operator set for the SSH source and target: never for the LFS server, whose origin differs. */
  private static final String SSH_SIDE_SECRET = "ssh-side-secret-91c2";

  @TempDir Path tmp;
  private GitHttpServer server;
  private OpenSshServer sshd;
  private LfsSampleRepo repo;
  private GitLfs lfs;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path served;
  private Path control;

  @BeforeEach
  void setUp() throws Exception {
    served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("source.git").toString());
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("target.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    lfs.git(repo.dir, "remote", "add", "origin", server.url("source.git"));
    lfs.git(repo.dir, "push", "-q", "origin", "--all");
    lfs.git(repo.dir, "push", "-q", "origin", "--tags");
    lfs.git(repo.dir, "lfs", "push", "--all", "origin");

    control = Files.createDirectories(tmp.resolve("control"));
    Path bin = Files.createDirectories(tmp.resolve("server-bin"));
    Path script = bin.resolve("git-lfs-authenticate");
    // the server side: logs its arguments; answers per the mode file ("good", "stale-first", "bad", "local", "expiring")
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "C='" + control + "'",
        "echo \"$*\" >> \"$C/calls\"",
        "n=$(wc -l < \"$C/calls\")",
        "mode=$(cat \"$C/mode\" 2>/dev/null || echo good)",
        "case \"$1\" in */source.git) r=source.git;; */target.git) r=target.git;; *) echo no such repo >&2; exit 1;; esac",
        "auth='" + basic(TOKEN) + "'",
        "if [ \"$mode\" = bad ] || { [ \"$mode\" = stale-first ] && [ \"$n\" = 1 ]; }; then auth='" + basic("expired-0000")
            + "'; fi",
        "href='" + server.url("") + "'\"$r/info/lfs\"",
        "if [ \"$mode\" = local ]; then href='file://" + served + "/'\"$r\"; fi",
        "exp=3600; if [ \"$mode\" = expiring ]; then exp=0; fi",
        "printf '{\"href\": \"%s\", \"header\": {\"Authorization\": \"%s\"}, \"expires_in\": %s}\\n' \"$href\" \"$auth\""
            + " \"$exp\"",
        ""), StandardCharsets.UTF_8);
    script.toFile().setExecutable(true);
    sshd = OpenSshServer.start(tmp.resolve("sshd"), bin);
    cli = new CliRunner(tmp)
        .env("SOURCE_SSH_KEY", sshd.clientKey().toString()).env("SOURCE_SSH_KNOWN_HOSTS", sshd.knownHosts().toString())
        .env("TARGET_SSH_KEY", sshd.clientKey().toString()).env("TARGET_SSH_KNOWN_HOSTS", sshd.knownHosts().toString())
        .env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", SSH_SIDE_SECRET)
        .env("TARGET_USERNAME", USER).env("TARGET_TOKEN", SSH_SIDE_SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    sshd.close();
    server.close();
  }

  @Test
  void sshSourceAndTarget_getTheirLfsServerFromGitLfsAuthenticate_andItsHeaderStaysSecret() throws Exception {
    CliRunner.Run create = create(tmp.resolve("out")).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    LfsChecks.archiveCarriesAll(archive, repo);
    assertEquals(List.of(served.resolve("source.git") + " download"), calls());

    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", sshd.url(served.resolve("target.git")),
        "--trust", keys.pub().toString()).expect(0);
    assertEquals(List.of(served.resolve("source.git") + " download", served.resolve("target.git") + " upload"), calls());
    for (String oid : repo.objects().keySet()) {
      Path stored = server.lfsObjects("target.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertArrayEquals(repo.objects().get(oid), Files.readAllBytes(stored), oid);
    }
    assertTrue(restore.err().contains("stored at " + server.url("target.git") + "/info/lfs"), restore.err());
    // the SSH side's token never went to the LFS server (another origin): it saw only the granted header
    assertEquals(0, server.rejectedLogins());
    for (CliRunner.Run run : List.of(create, restore)) {
      assertFalse(run.all().contains(TOKEN) || run.all().contains(basic(TOKEN).substring(6))
          || run.all().contains(SSH_SIDE_SECRET), run.all());
    }
    List<Path> logs;
    try (var files = Files.walk(tmp.resolve("logs"))) {
      logs = files.filter(Files::isRegularFile).toList();
    }
    assertFalse(logs.isEmpty(), "the runs keep logs");
    for (Path log : logs) {
      String text = Files.readString(log);
      assertFalse(text.contains(TOKEN) || text.contains(basic(TOKEN).substring(6)), log.toString());
    }
  }

  @Test
  void refusedGrant_isAskedForAgainOnce_thenTheFailureSaysWhoseCredentials() throws Exception {
    Files.writeString(control.resolve("mode"), "stale-first\n");
    create(tmp.resolve("out")).expect(0);
    assertEquals(2, calls().size(), "a 401 asks git-lfs-authenticate once more");
    LfsChecks.archiveCarriesAll(Fixtures.onlyArchive(tmp.resolve("out")), repo);

    Files.writeString(control.resolve("mode"), "bad\n");
    Files.delete(control.resolve("calls"));
    CliRunner.Run refused = cli.run("create", "--source", sshd.url(served.resolve("source.git")), "--output",
        tmp.resolve("out2").toString(), "--sign-key", keys.secret().toString(), "--cache", tmp.resolve("cache2").toString()).expect(1);
    assertEquals(2, calls().size(), "asked again once, not in a loop: " + calls());
    assertTrue(refused.err().contains("refused the credentials git-lfs-authenticate on the SSH server gave (HTTP 401)"
        + ", also after asking for new ones"), refused.err());
    assertFalse(refused.all().contains(basic("expired-0000").substring(6)), refused.all());
    assertEquals(List.of(), Fixtures.listAll(tmp.resolve("out2")));
  }

  @Test
  void anExpiredGrant_isAskedForAgainBeforeUse() throws Exception {
    Files.writeString(control.resolve("mode"), "expiring\n");
    create(tmp.resolve("out")).expect(0);
    // the first answer named the server but had expired (expires_in 0) when the batch request was made
    assertEquals(List.of(served.resolve("source.git") + " download", served.resolve("source.git") + " download"),
        calls());
    LfsChecks.archiveCarriesAll(Fixtures.onlyArchive(tmp.resolve("out")), repo);
  }

  @Test
  void bidirectionalSync_withAnSshSide_takesItsNewLfsObjectsFromTheServerItsSshServerNames() throws Exception {
    cli.env("SOURCE_TOKEN", TOKEN); // side A is the HTTP server itself
    String b = sshd.url(served.resolve("target.git"));
    cli.run("sync", "--bidirectional", "--source", server.url("source.git"), "--target", b).expect(0);
    assertTrue(calls().contains(served.resolve("target.git") + " upload"), calls().toString());

    // a new LFS file committed on B's side (pushed there with git-lfs) reaches A's LFS server
    Path workB = tmp.resolve("clone-b");
    lfs.git(tmp, "clone", "-q", server.url("target.git"), workB.toString());
    lfs.git(workB, "checkout", "-q", "-b", "from-b", "origin/main");
    byte[] content = "made on side B\n".getBytes(StandardCharsets.UTF_8);
    Files.write(workB.resolve("from-b.bin"), content);
    lfs.git(workB, "add", "-A");
    lfs.git(workB, "commit", "-q", "-m", "binary from B");
    lfs.git(workB, "push", "-q", "origin", "from-b");
    cli.run("sync", "--bidirectional", "--source", server.url("source.git"), "--target", b).expect(0);
    assertTrue(calls().contains(served.resolve("target.git") + " download"), calls().toString());
    String oid = LfsSampleRepo.oid(content);
    Path stored = server.lfsObjects("source.git").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    assertArrayEquals(content, Files.readAllBytes(stored));
  }

  @Test
  void anHrefThatIsNotHttp_isRefused_neverReadAsALocalFolder() throws Exception {
    Files.writeString(control.resolve("mode"), "local\n");
    CliRunner.Run run = create(tmp.resolve("out")).expect(1);
    assertTrue(run.err().contains("git-lfs-authenticate on " + sshd.url(served.resolve("source.git"))
        + " answered an href that is not an http(s) URL"), run.err());
    assertFalse(run.all().contains(basic(TOKEN).substring(6)), run.all());
  }

  private CliRunner.Run create(Path out) {
    return cli.run("create", "--source", sshd.url(served.resolve("source.git")), "--output", out.toString(),
        "--sign-key", keys.secret().toString());
  }

  private List<String> calls() throws Exception {
    Path calls = control.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private static String basic(String password) {
    return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
