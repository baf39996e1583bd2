package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target that moved on its own: fail (exit 4, nothing pushed), target-wins, source-wins. */
class RefConflictTest {
  @TempDir Path tmp;

  @Test
  void divergedTargetBranch_isAConflict_handledByPolicy() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path target = tmp.resolve("target.git");
    String trust = keys.pub().toString();

    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out1").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out1")).toString(), "--target", target.toString(),
        "--trust", trust).expect(0);

    // someone commits directly on the internal server
    git(tmp, "clone", "-q", target.toString(), "inside");
    SampleRepos.commit(tmp.resolve("inside"), "inside.txt", "made inside\n", "inside change");
    git(tmp.resolve("inside"), "push", "-q", "origin", "main");
    String insideMain = git(target, "rev-parse", "main").strip();

    // meanwhile the source moves on and gains a branch
    SampleRepos.commit(src, "outside.txt", "made outside\n", "outside change");
    git(src, "branch", "new-branch");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out2").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    String archive = Fixtures.onlyArchive(tmp.resolve("out2")).toString();

    CliRunner.Run fail = cli.run("restore", archive, "--target", target.toString(), "--trust", trust).expect(4);
    assertTrue(fail.err().contains("refs/heads/main"), fail.err());
    assertEquals(insideMain, git(target, "rev-parse", "main").strip());
    assertTrue(CGit.run(target, "rev-parse", "--verify", "-q", "refs/heads/new-branch").exitCode() != 0,
        "nothing may be pushed when a conflict stops the restore");

    cli.run("restore", archive, "--target", target.toString(), "--trust", trust, "--on-conflict", "target-wins").expect(0);
    assertEquals(insideMain, git(target, "rev-parse", "main").strip());
    assertEquals(git(src, "rev-parse", "new-branch").strip(), git(target, "rev-parse", "new-branch").strip());

    cli.run("restore", archive, "--target", target.toString(), "--trust", trust, "--on-conflict", "source-wins").expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));

    cli.run("restore", archive, "--target", target.toString(), "--trust", trust, "--on-conflict", "bogus").expect(2);
  }

  @Test
  void pruneDeletesTargetBranchesTheArchiveLacks_andOnlyWithPrune() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path target = tmp.resolve("target.git");
    git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    git(target, "branch", "stale", "main");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    String archive = Fixtures.onlyArchive(tmp.resolve("out")).toString();

    cli.run("restore", archive, "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(0, CGit.run(target, "rev-parse", "--verify", "-q", "refs/heads/stale").exitCode());
    cli.run("restore", archive, "--target", target.toString(), "--trust", keys.pub().toString(), "--prune").expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }
}
