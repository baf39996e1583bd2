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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror file is read strictly (a misspelt key is exit 2, not silently ignored) and its LFS and
 * policy keys take effect: {@code lfs: false} moves refs only, a target's {@code lfs-url} carries LFS
 * objects to a {@code git daemon} target through the JGit LFS server, and {@code policy:} refuses a
 * planted key, pushing nothing.
 */
class MirrorFileTest {
  private static final String USER = "operator";
  private static final String TOKEN = "mirror-file-t0ken-5";

  @TempDir Path tmp;

  private CliRunner.Run runOnce(CliRunner cli, Path config) {
    return cli.run("mirror", "run", "--config", config.toString(), "--once");
  }

  @Test
  void unknownKeys_atEveryLevel_areExit2_namingKeyPlaceAndValidKeys() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    String good = "mirrors:\n  - name: app\n    source: " + src + "\n    targets: [ \"" + tmp.resolve("t.git") + "\" ]\n";
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), good + "    intervall: 1h\n");
    CliRunner.Run run = runOnce(cli, config).expect(2);
    assertTrue(run.err().contains("'intervall'"), run.err());
    assertTrue(run.err().contains("mirror 'app'"), run.err());
    assertTrue(run.err().contains("line 5") && run.err().contains("did you mean 'interval'"), run.err());
    assertTrue(run.err().contains("valid keys:") && run.err().contains("interval,"), run.err());
    assertFalse(Files.exists(tmp.resolve("t.git")), "nothing ran");

    Files.writeString(config, good + "    no-lfs: true\n");
    assertTrue(runOnce(cli, config).expect(2).err().contains("'no-lfs'"));
    Files.writeString(config, good + "    retention: { keep-chain: 2 }\n");
    CliRunner.Run retention = runOnce(cli, config).expect(2);
    assertTrue(retention.err().contains("'keep-chain'") && retention.err().contains("keep-chains"), retention.err());
    Files.writeString(config, good + "notifications:\n  webhok: http://127.0.0.1:9/\n");
    CliRunner.Run notify = runOnce(cli, config).expect(2);
    assertTrue(notify.err().contains("'webhok'") && notify.err().contains("webhook"), notify.err());
    Files.writeString(config, good + "paralel: 2\n");
    assertTrue(runOnce(cli, config).expect(2).err().contains("'paralel'"));
    Files.writeString(config, good.replace("[ \"" + tmp.resolve("t.git") + "\" ]",
        "[ { url: \"" + tmp.resolve("t.git") + "\", lfs_url: \"http://x/\" } ]"));
    assertTrue(runOnce(cli, config).expect(2).err().contains("'lfs_url'"));
    Files.writeString(config, good + "    lfs: no-thanks\n");
    assertTrue(runOnce(cli, config).expect(2).err().contains("'lfs' is true or false"));
    assertFalse(Files.exists(tmp.resolve("t.git")), "nothing ran");
  }

  @Test
  void lfsFalse_movesRefsOnly() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    Path target = tmp.resolve("target.git");
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            lfs: false
        """.formatted(repo.dir, target));
    runOnce(cli, config).expect(0);
    assertEquals(CGit.refs(repo.dir).lines().filter(l -> l.contains("refs/heads/")).toList(),
        CGit.refs(target).lines().filter(l -> l.contains("refs/heads/")).toList());
    assertFalse(Files.exists(target.resolve("lfs/objects")), "lfs: false moves no LFS object");
  }

  @Test
  void targetLfsUrl_carriesLfsObjectsToAGitDaemonTarget() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("daemon-target.git").toString());
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    try (GitHttpServer server = GitHttpServer.start(served, USER, TOKEN); GitDaemon daemon = GitDaemon.start(served)) {
      CliRunner cli = new CliRunner(tmp).env("TARGET_USERNAME", USER).env("TARGET_TOKEN", TOKEN);
      Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
          mirrors:
            - name: app
              source: %s
              targets:
                - url: %s
                  lfs-url: %s/info/lfs
          """.formatted(repo.dir, daemon.url("daemon-target.git"), server.url("daemon-target.git")));
      CliRunner.Run run = runOnce(cli, config);
      assertEquals(0, run.exitCode(), run.all());
      assertEquals(CGit.refs(repo.dir).lines().filter(l -> l.contains("refs/heads/")).toList(),
          CGit.refs(served.resolve("daemon-target.git")).lines().filter(l -> l.contains("refs/heads/")).toList());
      GitLfs client = GitLfs.setUp(tmp.resolve("lfs-home-client"), USER, TOKEN);
      client.git(tmp, "config", "--global", "lfs.url", server.url("daemon-target.git") + "/info/lfs");
      LfsChecks.cloneHasEveryLfsFile(client, daemon.url("daemon-target.git"), tmp.resolve("clone"), repo);
    }
  }

  @Test
  void mirrorLfsUrl_isTheSourcesLfsServer_forAGitDaemonSource() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("source.git").toString());
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), USER, TOKEN);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    Path target = tmp.resolve("target.git");
    try (GitHttpServer server = GitHttpServer.start(served, USER, TOKEN); GitDaemon daemon = GitDaemon.start(served)) {
      repo.pushAll(lfs, server.url("source.git"));
      CliRunner cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN);
      Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
          mirrors:
            - name: app
              source: %s
              lfs-url: %s/info/lfs
              targets: [ "%s" ]
          """.formatted(daemon.url("source.git"), server.url("source.git"), target));
      CliRunner.Run run = runOnce(cli, config);
      assertEquals(0, run.exitCode(), run.all());
      LfsChecks.cloneHasEveryLfsFile(lfs, "file://" + target, tmp.resolve("clone"), repo);
    }
  }

  @Test
  void policy_refusesAPlantedAwsKey_pushesNothing_andRecordsAPolicyFailure() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "config/settings.env", "aws_access_key_id = " + ContentPolicyTest.AWS_KEY + "\n",
        "configure the deploy");
    Path target = tmp.resolve("target.git");
    Path folder = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(folder.resolve("policy.yaml"), "secrets: true\n");
    Path config = Files.writeString(folder.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            policy: policy.yaml
        """.formatted(src, target));
    CliRunner.Run run = runOnce(cli, config);
    assertEquals(1, run.exitCode(), run.all());
    assertTrue(!Files.exists(target) || CGit.refs(target).isBlank(), "nothing pushed");
    String status = cli.run("mirror", "status", "--config", config.toString(), "--json").expect(0).out();
    assertTrue(status.contains("PolicyViolation") && status.contains("content policy"), status);
    ContentPolicyTest.assertNoSecretAnywhere(run.all() + status, tmp.resolve("logs"));

    Files.writeString(config, Files.readString(config).replace("policy.yaml", "missing.yaml"));
    assertTrue(runOnce(cli, config).expect(2).err().contains("missing.yaml"));
  }
}
