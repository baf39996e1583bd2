package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project with many refs/pull/* sharing most objects with its branches: the archive's bundle is no
 * larger than stock {@code git bundle create}'s, and restores exactly through git daemon. (Whole
 * archives against {@code tar czf} are measured on a real project: on one this small the manifest and
 * restore scripts alone are 6%.)
 */
class ForgeShapedArchiveTest {
  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path source;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    source = SampleRepos.withPullRequests(tmp.resolve("source"), 40);
  }

  private Path create(String name, String... extra) throws Exception {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("create", "--source", source.toString(), "--output", out.toString(),
        "--cache", tmp.resolve("cache").toString(), "--sign-key", keys.secret().toString(), "--no-deps"));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(out);
  }

  /** The size of stock {@code git bundle create <refs>} of the source. */
  private long stockBundle(String name, String... refs) {
    List<String> args = new ArrayList<>(List.of("bundle", "create", "-q", tmp.resolve(name).toString()));
    args.addAll(List.of(refs));
    git(source, args.toArray(String[]::new));
    return tmp.resolve(name).toFile().length();
  }

  /** The size of the bundle inside one of our archives, extracted with stock tar. */
  private long ourBundle(Path archive) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("x-" + archive.getParent().getFileName()));
    assertEquals(0, Fixtures.exec(dir, "tar", "xzf", archive.toString(), "repo.bundle").exitCode());
    return Files.size(dir.resolve("repo.bundle"));
  }

  private static List<String> objects(Path repo) {
    return CGit.git(repo, "rev-list", "--objects", "--all").lines().map(l -> l.split(" ", 2)[0]).sorted().toList();
  }

  private static void assertWithinFivePercent(long ours, long stock, String what) {
    assertTrue(ours <= stock * 1.05, what + ": our bundle " + ours + " bytes, git bundle create " + stock + " bytes");
  }

  private String restoreExactly(Path archive, Path workspace, String targetName, GitDaemon daemon, Path served) {
    CliRunner.Run run = cli.run("restore", archive.toString(), "--target", daemon.url(targetName), "--workspace",
        workspace.toString(), "--trust", keys.pub().toString()).expect(0);
    Path target = served.resolve(targetName);
    CGit.Result fsck = CGit.run(target, "fsck", "--full", "--strict", "--no-progress");
    assertEquals(0, fsck.exitCode(), fsck.stderr());
    return run.err();
  }

  @Test
  void allRefsArchive_isWithinFivePercentOfStock_andRestoresExactlyThroughGitDaemon() throws Exception {
    Path defaults = create("default");
    assertWithinFivePercent(ourBundle(defaults), stockBundle("default.bundle", "--branches", "--tags"), "default refs");
    Path all = create("all", "--include-refs", "refs/*");
    assertWithinFivePercent(ourBundle(all), stockBundle("all.bundle", "--all"), "all refs, after the default archive");

    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "init", "-q", "--bare", served.resolve("empty.git").toString());
    git(tmp, "clone", "-q", "--bare", source.toString(), served.resolve("has-base.git").toString());
    try (GitDaemon daemon = GitDaemon.start(served)) {
      String toEmpty = restoreExactly(all, tmp.resolve("ws-empty"), "empty.git", daemon, served);
      assertTrue(toEmpty.contains("sent the verified pack to " + daemon.url("empty.git") + " as it is"), toEmpty);
      assertEquals(CGit.refs(source), CGit.refs(served.resolve("empty.git")));
      assertEquals(objects(source), objects(served.resolve("empty.git")), "what the refs reach, nothing more");
      String toBase = restoreExactly(all, tmp.resolve("ws-base"), "has-base.git", daemon, served);
      assertTrue(!toBase.contains("verified pack"), "a target holding the branches gets what it lacks: " + toBase);
      assertEquals(CGit.refs(source), CGit.refs(served.resolve("has-base.git")));
    }
  }
}
