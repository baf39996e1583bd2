package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file://} or path target's own server-side hooks run as for a push over the network: the restore goes
 * through C git's receive-pack, a {@code pre-receive} that refuses is a refused push, and a target without hooks
 * keeps the direct route.
 */
class LocalTargetHooksTest {
  private static final String DIRECT = "without re-packing";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path archive;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  private Path create() throws Exception {
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(), "--sign-key",
        keys.secret().toString()).expect(0);
    return Fixtures.onlyArchive(tmp.resolve("out"));
  }

  private Path bareWithHook(String name, String hook, String body) throws Exception {
    Path target = tmp.resolve(name);
    git(tmp, "init", "-q", "--bare", target.toString());
    Path file = target.resolve("hooks").resolve(hook);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  @Test
  void preReceiveThatRefusesARef_runs_andTheRestoreFailsWithItsReason_nothingMoved() throws Exception {
    git(src, "branch", "blocked");
    archive = create();
    Path log = tmp.resolve("pre-receive.log");
    Path target = bareWithHook("policy.git", "pre-receive", "cat >> '" + log + "'\n"
        + "if grep -q ' refs/heads/blocked$' '" + log + "'; then\n"
        + "  echo 'policy: refs/heads/blocked is not allowed here' >&2\n  exit 1\nfi\n");

    CliRunner.Run run = cli.run("restore", archive.toString(), "--target", "file://" + target, "--workspace",
        tmp.resolve("ws").toString(), "--trust", keys.pub().toString());
    assertEquals(1, run.exitCode(), run.all());
    assertTrue(run.err().contains("policy: refs/heads/blocked is not allowed here"), run.err());
    assertTrue(run.err().contains("rejected"), run.err());
    assertTrue(Files.readString(log).contains(" refs/heads/blocked"), "the hook saw the push");
    assertEquals("", CGit.refs(target).strip(), "a refused push moves no ref");
  }

  @Test
  void hooksThatAccept_runEachOnce_andTheTargetIsExact() throws Exception {
    archive = create();
    Path log = tmp.resolve("post-receive.log");
    Path target = bareWithHook("recorded.git", "post-receive", "cat >> '" + log + "'\n");
    Path update = target.resolve("hooks/update");
    Files.writeString(update, "#!/bin/sh\necho \"$1\" >> '" + tmp.resolve("update.log") + "'\n");
    Files.setPosixFilePermissions(update, PosixFilePermissions.fromString("rwxr-xr-x"));

    CliRunner.Run run = cli.run("restore", archive.toString(), "--target", target.toString(), "--workspace",
        tmp.resolve("ws").toString(), "--trust", keys.pub().toString()).expect(0);
    assertFalse(run.err().contains(DIRECT), run.err());
    assertTrue(run.err().contains("server-side hooks"), run.err());
    assertEquals(CGit.refs(src), CGit.refs(target));
    List<String> refNames = CGit.refs(src).lines().map(l -> l.split(" ")[2]).sorted().toList();
    assertEquals(refNames, Files.readAllLines(tmp.resolve("update.log")).stream().sorted().toList(),
        "update ran once per ref");
    assertEquals(refNames, Files.readAllLines(log).stream().map(l -> l.split(" ")[2]).sorted().toList(),
        "post-receive saw every ref");
    assertEquals(0, CGit.run(target, "fsck", "--full", "--strict", "--no-dangling").exitCode());
  }

  @Test
  void targetWithOnlySampleHooks_keepsTheDirectRoute() throws Exception {
    archive = create();
    Path target = tmp.resolve("plain.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    assertTrue(Files.exists(target.resolve("hooks/pre-receive.sample")), "C git's template hooks are there");
    CliRunner.Run run = cli.run("restore", archive.toString(), "--target", target.toString(), "--workspace",
        tmp.resolve("ws").toString(), "--trust", keys.pub().toString()).expect(0);
    assertTrue(run.err().contains(DIRECT), run.err());
    assertEquals(CGit.refs(src), CGit.refs(target));
  }
}
