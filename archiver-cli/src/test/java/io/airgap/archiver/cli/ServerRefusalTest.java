package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real server says when it refuses reaches the operator: C git's {@code git daemon} runs a
 * {@code pre-receive} hook that declines with its reason, and restore and sync show that reason on
 * the console, in {@code --json} and in the log, its control characters escaped. And an LFS
 * upload to a {@code git://} target says which endpoint it tried, why it failed, and that
 * {@code --lfs-url} names the right one.
 */
class ServerRefusalTest {
  private static final String REASON = "pushes are frozen (change freeze CHG-42)";

  @TempDir Path tmp;
  private Path served;
  private GitDaemon daemon;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("frozen.git").toString());
    Path hook = served.resolve("frozen.git/hooks/pre-receive");
    Files.writeString(hook, "#!/bin/sh\necho '" + REASON + "' >&2\nprintf 'ticket \\033[2J\\033[31mred\\n' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    git(tmp, "init", "-q", "--bare", "-b", "main", served.resolve("open.git").toString());
    daemon = GitDaemon.start(served);
    cli = new CliRunner(tmp);
  }

  @AfterEach
  void tearDown() throws Exception {
    daemon.close();
  }

  @Test
  void restore_showsTheHooksReason_onConsoleJsonAndLog() throws Exception {
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    String archive = Fixtures.onlyArchive(tmp.resolve("out")).toString();

    Path log = tmp.resolve("restore.log");
    CliRunner.Run text = cli.run("restore", archive, "--target", daemon.url("frozen.git"), "--trust",
        keys.pub().toString(), "--log-file", log.toString()).expect(1);
    assertShown(text.err(), "console");
    assertShown(Files.readString(log), "log");
    CliRunner.Run json = cli.run("restore", archive, "--target", daemon.url("frozen.git"), "--trust",
        keys.pub().toString(), "--json").expect(1);
    assertShown(json.out(), "--json");
  }

  @Test
  void sync_showsTheHooksReason_onConsoleJsonAndLog() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path log = tmp.resolve("sync.log");
    CliRunner.Run text = cli.run("sync", "--source", src.toString(), "--target", daemon.url("frozen.git"),
        "--log-file", log.toString()).expect(1);
    assertShown(text.err() + text.out(), "console");
    assertShown(Files.readString(log), "log");
    CliRunner.Run json = cli.run("sync", "--source", src.toString(), "--target", daemon.url("frozen.git"), "--json")
        .expect(1);
    assertShown(json.out(), "--json");
  }

  @Test
  void lfsToGitDaemonTarget_withoutLfsUrl_namesTheEndpointAndLfsUrl() throws Exception {
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), "u", "p");
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    CliRunner.Run run = cli.run("sync", "--source", repo.dir.toString(), "--target", daemon.url("open.git"));
    assertEquals(1, run.exitCode(), run.all());
    String all = run.all();
    assertTrue(all.contains("https://127.0.0.1/open.git/info/lfs"), all);
    assertTrue(all.contains("--lfs-url") || all.contains("--target-lfs-url"), all);
    assertTrue(all.contains("derived from the Git URL"), all);
    assertTrue(all.contains("connection refused"), all);
    assertFalse(all.contains("(null)") || all.contains(": null"), all);
  }

  private static void assertShown(String text, String where) {
    assertTrue(text.contains(REASON), where + " lacks the hook's reason: " + text);
    assertFalse(text.contains("\u001b"), where + " passes the server's control characters on: " + text);
  }
}
