package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --bidirectional} between a file:// bare repository (A) and a repository behind
 * {@code git daemon} (B), each changed through its own working clone with C git.
 */
class SyncBidirectionalTest {
  @TempDir Path tmp;
  private GitDaemon daemon;
  private CliRunner cli;
  private Path a;
  private Path b;
  private Path workA;
  private Path workB;

  @BeforeEach
  void setUp() throws Exception {
    Path seed = SampleRepos.simple(tmp.resolve("seed"));
    a = tmp.resolve("a.git");
    git(tmp, "clone", "-q", "--bare", seed.toString(), a.toString());
    Path served = Files.createDirectories(tmp.resolve("served"));
    b = served.resolve("b.git");
    git(tmp, "init", "-q", "--bare", "-b", "main", b.toString());
    daemon = GitDaemon.start(served);
    cli = new CliRunner(tmp);
  }

  @AfterEach
  void tearDown() throws Exception {
    daemon.close();
  }

  @Test
  void independentChangesMerge_bothSidesMovedIsExit4Untouched_sourceWinsResolves_deletionsPropagate_rerunIsNoOp()
      throws Exception {
    sync("--json").expect(0);
    assertEquals(CGit.refs(a), CGit.refs(b));
    workA = clone(a, "work-a");
    workB = clone(b, "work-b");

    // independent branches on each side
    commitOn(workA, "only-a", "a.txt", "from A\n");
    commitOn(workB, "only-b", "b.txt", "from B\n");
    sync().expect(0);
    assertEquals(CGit.refs(a), CGit.refs(b));
    assertTrue(CGit.refs(a).contains("refs/heads/only-b") && CGit.refs(b).contains("refs/heads/only-a"));

    // main moved on both sides: a conflict, and neither side changes
    String tipA = commitOn(workA, "main", "conflict.txt", "A's version\n");
    git(workB, "fetch", "-q", "origin");
    git(workB, "reset", "-q", "--hard", "origin/main");
    String tipB = commitOn(workB, "main", "conflict.txt", "B's version\n");
    String beforeA = CGit.refs(a);
    String beforeB = CGit.refs(b);
    CliRunner.Run conflict = sync("--json").expect(4);
    assertEquals(beforeA, CGit.refs(a));
    assertEquals(beforeB, CGit.refs(b));
    assertTrue(conflict.err().contains("refs/heads/main") && conflict.err().contains(tipA.substring(0, 12))
        && conflict.err().contains(tipB.substring(0, 12)), conflict.err());
    assertEquals(2, count(conflict.out(), "\"conflicts\" : [ \"refs/heads/main\" ]"), conflict.out());

    // a dry run plans the resolution from the same steps and changes neither side
    CliRunner.Run dry = sync("--on-conflict", "source-wins", "--dry-run").expect(0);
    assertTrue(dry.out().contains("Dry run") && dry.out().contains("force refs/heads/main"), dry.out());
    assertEquals(beforeA, CGit.refs(a));
    assertEquals(beforeB, CGit.refs(b));

    // source-wins resolves it: B's main becomes A's
    sync("--on-conflict", "source-wins").expect(0);
    assertEquals(CGit.refs(a), CGit.refs(b));
    assertTrue(CGit.refs(b).contains(tipA + " commit refs/heads/main"), CGit.refs(b));

    // a deletion on one side propagates; a fast-forward on the other goes across in the same run
    git(workB, "push", "-q", "origin", ":only-a");
    git(workA, "fetch", "-q", "origin");
    git(workA, "reset", "-q", "--hard", "origin/main");
    String forward = commitOn(workA, "main", "forward.txt", "fast-forward\n");
    CliRunner.Run propagate = sync("--json").expect(0);
    assertFalse(CGit.refs(a).contains("refs/heads/only-a"), CGit.refs(a));
    assertTrue(CGit.refs(b).contains(forward + " commit refs/heads/main"), CGit.refs(b));
    assertEquals(CGit.refs(a), CGit.refs(b));
    assertTrue(propagate.out().contains("\"action\" : \"delete\"") && propagate.out().contains("\"action\" : \"fast-forward\""),
        propagate.out());

    // right after: nothing to do
    CliRunner.Run again = sync("--json").expect(0);
    assertEquals(2, count(again.out(), "\"pushed\" : 0"), again.out());
    CliRunner.Run human = sync().expect(0);
    assertEquals(2, count(human.out(), "up to date, nothing pushed"), human.out());
    assertTrue(human.err().contains("both sides already agree"), human.err());
  }

  @Test
  void tagsNeverMoveOnceBothSidesHaveThem() throws Exception {
    Path work = clone(a, "work");
    git(work, "tag", "v1");
    git(work, "push", "-q", "origin", "v1");
    sync().expect(0);
    String original = git(b, "rev-parse", "refs/tags/v1").strip();
    commitOn(work, "main", "next.txt", "next\n");
    git(work, "tag", "-f", "v1");
    git(work, "push", "-q", "-f", "origin", "v1");
    CliRunner.Run run = sync().expect(0);
    assertEquals(original, git(b, "rev-parse", "refs/tags/v1").strip());
    assertTrue(run.err().contains("refs/tags/v1") && run.err().contains("tags never move"), run.err());
  }

  private CliRunner.Run sync(String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--bidirectional", "--source", a.toString(),
        "--target", daemon.url("b.git")));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private Path clone(Path bare, String name) {
    Path work = tmp.resolve(name);
    git(tmp, "clone", "-q", bare.toString(), work.toString());
    return work;
  }

  /** Commits on {@code branch} (created from the current commit if new) and pushes it; returns the new tip. */
  private static String commitOn(Path work, String branch, String file, String content) {
    if (CGit.run(work, "rev-parse", "--verify", "-q", "refs/heads/" + branch).exitCode() == 0) {
      git(work, "checkout", "-q", branch);
    } else {
      git(work, "checkout", "-q", "-b", branch);
    }
    SampleRepos.commit(work, file, content, "change " + file + " on " + branch);
    git(work, "push", "-q", "origin", branch);
    return git(work, "rev-parse", "HEAD").strip();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
