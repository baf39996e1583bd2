package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --policy}: a push that breaks the content policy exits 5 and leaves that target exactly
 * as it was (no ref, no LFS object, no backup), naming the findings but never a secret's value. Real
 * targets: a file:// bare repository and JGit's smart-HTTP server with its LFS server.
 */
class SyncPolicyTest {
  private static final String USER = "operator";
  private static final String TOKEN = "sync-policy-t0ken-31";
  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{64})");

  @TempDir Path tmp;
  private GitHttpServer server;
  private Path served;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    served = Files.createDirectories(tmp.resolve("served"));
    for (String name : List.of("source.git", "http-target.git")) {
      git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve(name).toString());
    }
    server = GitHttpServer.start(served, USER, TOKEN);
    cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN)
        .env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  /** {@code git ls-remote} of a repository: every ref and its object ("" when it has none). */
  private static String lsRemote(Path repo) {
    return git(repo.getParent(), "ls-remote", repo.toString());
  }

  @Test
  void awsKeyCommitted_exits5_targetsUnchanged_noBackup_keyNowhere_thenAllowedByFingerprintItPasses() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path fileTarget = tmp.resolve("mirrors/file-target.git");
    Path httpTarget = served.resolve("http-target.git");
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path backups = tmp.resolve("backups");
    List<String> sync = new ArrayList<>(List.of("sync", "--source", src.toString(), "--target", "file://" + fileTarget,
        "--target", server.url("http-target.git")));
    cli.run(sync.toArray(String[]::new)).expect(0); // both targets hold the clean history

    SampleRepos.commit(src, "config/settings.env", "region = eu-west-1\naws_access_key_id = "
        + ContentPolicyTest.AWS_KEY + "\n", "configure the deploy");
    git(src, "rm", "-q", "config/settings.env");
    git(src, "commit", "-q", "-m", "remove the credentials again");
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n");
    sync.addAll(List.of("--policy", policy.toString(), "--backup-to", backups.toString(),
        "--sign-key", keys.secret().toString()));
    String fileBefore = lsRemote(fileTarget);
    String httpBefore = lsRemote(httpTarget);

    CliRunner.Run refused = cli.run(sync.toArray(String[]::new)).expect(5);
    String err = refused.err();
    assertTrue(err.contains("secret/aws-access-key-id at config/settings.env"), err);
    assertTrue(err.contains("(reached from refs/heads/main)"), err);
    assertTrue(err.contains("what sync would push to " + server.url("http-target.git")), err);
    assertTrue(refused.out().contains("policy ") && refused.out().contains("left untouched"), refused.out());
    assertEquals(fileBefore, lsRemote(fileTarget), "nothing pushed to the file:// target");
    assertEquals(httpBefore, lsRemote(httpTarget), "nothing pushed to the HTTP target");
    assertTrue(Fixtures.listAll(backups).isEmpty(), "no backup archive of content that breaks the policy");
    List<String> json = new ArrayList<>(sync);
    json.add("--json");
    CliRunner.Run asJson = cli.run(json.toArray(String[]::new)).expect(5);
    assertTrue(asJson.out().contains("\"status\" : \"policy\"") && asJson.out().contains("\"findings\""), asJson.out());
    ContentPolicyTest.assertNoSecretAnywhere(refused.all() + asJson.all(), tmp.resolve("logs"));

    Set<String> fingerprints = new TreeSet<>();
    for (Matcher m = FINGERPRINT.matcher(err); m.find(); ) {
      fingerprints.add(m.group(1));
    }
    assertEquals(1, fingerprints.size(), "one finding, named once per target: " + err);
    Files.writeString(policy, "secrets: true\nallow:\n  - \"" + fingerprints.iterator().next() + "\"\n");
    CliRunner.Run passed = cli.run(sync.toArray(String[]::new)).expect(0);
    assertEquals(lsRemote(src).lines().filter(l -> l.contains("refs/heads/")).toList(),
        lsRemote(fileTarget).lines().filter(l -> l.contains("refs/heads/")).toList());
    assertEquals(lsRemote(fileTarget), lsRemote(httpTarget));
    Fixtures.onlyArchive(backups);
    ContentPolicyTest.assertNoSecretAnywhere(passed.all(), tmp.resolve("logs"));
  }

  @Test
  void maxFileSizeBelowAnLfsObject_exits5_noRefAndNoLfsObjectReachTheTargets() throws Exception {
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    repo.pushAll(lfs, server.url("source.git"));
    Path fileTarget = tmp.resolve("mirrors/file-target.git");
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "max-file-size: 100K\n");
    String[] sync = {"sync", "--source", server.url("source.git"), "--target", "file://" + fileTarget,
        "--target", server.url("http-target.git"), "--policy", policy.toString()};

    CliRunner.Run refused = cli.run(sync).expect(5);
    assertTrue(refused.err().contains("max-file-size at data/big.bin"), refused.err());
    assertTrue(refused.err().contains("Git LFS object " + LfsSampleRepo.oid(repo.expected.get("main")
        .get("data/big.bin"))), refused.err());
    assertFalse(Files.exists(fileTarget), "the file:// target is not even created");
    assertEquals("", CGit.refs(served.resolve("http-target.git")).strip(), "no ref pushed");
    assertTrue(server.lfsRequests().stream().noneMatch(r -> r.contains("http-target.git")), server.lfsRequests().toString());
    try (var files = Files.walk(server.lfsObjects("http-target.git"))) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no LFS object uploaded");
    }

    Files.writeString(policy, "max-file-size: 1M\n");
    cli.run(sync).expect(0);
    LfsChecks.cloneHasEveryLfsFile(lfs, server.url("http-target.git"), tmp.resolve("clone"), repo);
  }

  @Test
  void bidirectional_aSecretOnOneSide_exits5_andNeitherSideChanges() throws Exception {
    Path a = served.resolve("source.git");
    Path b = served.resolve("http-target.git");
    Path work = SampleRepos.simple(tmp.resolve("work"));
    git(work, "push", "-q", a.toString(), "main");
    String[] sync = {"sync", "--bidirectional", "--source", "file://" + a, "--target", server.url("http-target.git"),
        "--policy", Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n").toString()};
    cli.run(sync).expect(0);
    assertEquals(lsRemote(a), lsRemote(b));

    git(work, "push", "-q", a.toString(), "main:refs/heads/side"); // a clean new branch on A
    SampleRepos.commit(work, "config/settings.env", "aws_access_key_id = " + ContentPolicyTest.AWS_KEY + "\n", "key");
    git(work, "push", "-q", b.toString(), "main");
    String aBefore = lsRemote(a);
    String bBefore = lsRemote(b);
    CliRunner.Run refused = cli.run(sync).expect(5);
    assertTrue(refused.err().contains("secret/aws-access-key-id at config/settings.env"), refused.err());
    assertEquals(aBefore, lsRemote(a), "A untouched");
    assertEquals(bBefore, lsRemote(b), "B untouched: A's clean branch did not go either");
    assertFalse(refused.all().contains(ContentPolicyTest.AWS_KEY));
  }
}
