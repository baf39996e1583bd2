package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bare target on this machine gets the workspace's verified packs directly instead of a push —
 * and only where the result is the same as a push: the target must end complete (fsck), exact
 * (every ref, no object the source's refs do not reach), and the fallbacks must push.
 */
class LocalTargetRestoreTest {
  private static final String DIRECT = "without re-packing";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  @Test
  void fullThenIncremental_areInstalledDirectly_exactAndComplete() throws Exception {
    Path full = create("out1");
    Path target = tmp.resolve("target.git");
    CliRunner.Run first = restore(full, target, tmp.resolve("ws")).expect(0);
    assertTrue(first.err().contains(DIRECT), first.err());
    assertExact(target);

    SampleRepos.commit(src, "later.txt", "later\n", "later change");
    git(src, "tag", "-a", "-m", "later", "v-later");
    Path inc = create("out2", "--base", full.toString());
    CliRunner.Run second = restore(inc, target, tmp.resolve("ws")).expect(0);
    assertTrue(second.err().contains(DIRECT), second.err());
    assertExact(target);
  }

  @Test
  void incrementalIntoATargetThatLacksItsBase_fallsBackToAPush() throws Exception {
    Path full = create("out1");
    Path ws = tmp.resolve("ws");
    restore(full, tmp.resolve("first.git"), ws).expect(0);
    SampleRepos.commit(src, "later.txt", "later\n", "later change");
    Path inc = create("out2", "--base", full.toString());

    // the workspace holds the base, the new target does not: its pack alone would leave history missing
    Path other = tmp.resolve("other.git");
    git(tmp, "init", "-q", "--bare", other.toString());
    CliRunner.Run run = restore(inc, other, ws).expect(0);
    assertFalse(run.err().contains(DIRECT), run.err());
    assertEquals(CGit.refs(src), CGit.refs(other));
    assertEquals(0, CGit.run(other, "fsck", "--full", "--strict", "--no-dangling").exitCode());
  }

  @Test
  void targetThatDeniesNonFastForwards_isPushedTo_andRefusesTheForce() throws Exception {
    Path target = tmp.resolve("target.git");
    restore(create("out1"), target, tmp.resolve("ws")).expect(0);
    git(target, "config", "receive.denyNonFastForwards", "true");
    git(src, "commit", "-q", "--amend", "-m", "rewritten");
    Path rewritten = create("out2");
    String before = git(target, "rev-parse", "main").strip();

    CliRunner.Run run = cli.run("restore", rewritten.toString(), "--target", target.toString(), "--workspace",
        tmp.resolve("ws2").toString(), "--trust", keys.pub().toString(), "--on-conflict", "source-wins");
    assertTrue(run.exitCode() != 0, run.all());
    assertTrue(run.err().contains("rejected"), run.err());
    assertEquals(before, git(target, "rev-parse", "main").strip());
  }

  @Test
  void nonBareTarget_isPushedTo() throws Exception {
    Path target = tmp.resolve("checkout");
    git(tmp, "init", "-q", target.toString());
    CliRunner.Run run = restore(create("out1"), target, tmp.resolve("ws")).expect(0);
    assertFalse(run.err().contains(DIRECT), run.err());
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString(), "--sign-key", keys.secret().toString()));
    args.addAll(Arrays.asList(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(tmp.resolve(out));
  }

  private CliRunner.Run restore(Path archive, Path target, Path workspace) {
    return cli.run("restore", archive.toString(), "--target", target.toString(), "--workspace", workspace.toString(),
        "--trust", keys.pub().toString());
  }

  /** Every ref, a clean strict fsck, and exactly the objects the source's refs reach. */
  private void assertExact(Path target) {
    assertEquals(CGit.refs(src), CGit.refs(target));
    assertEquals(0, CGit.run(target, "fsck", "--full", "--strict", "--no-dangling").exitCode());
    assertEquals(objects(src, "rev-list", "--objects", "--all"),
        objects(target, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"));
  }

  private static List<String> objects(Path repo, String... args) {
    return git(repo, args).lines().map(l -> l.split(" ")[0]).sorted().distinct().toList();
  }
}
