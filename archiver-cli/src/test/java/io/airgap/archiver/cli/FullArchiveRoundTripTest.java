package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create → verify → restore against C git, stock gpg/sha256sum/tar, and a file:// target. */
class FullArchiveRoundTripTest {
  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  private Path create(Path source, Path out, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", source.toString(),
        "--output", out.toString(), "--sign-key", keys.secret().toString()));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(out);
  }

  @Test
  void richRepository_restoresExactly_andStockToolsAcceptTheArchive() throws Exception {
    Path src = SampleRepos.rich(tmp.resolve("src"));
    Path archive = create(src, tmp.resolve("out"));

    CliRunner.Run verify = cli.run("verify", archive.toString(), "--trust", keys.pub().toString()).expect(0);
    assertTrue(verify.out().contains("Signature: good"), verify.out());

    Path x = Files.createDirectories(tmp.resolve("extracted"));
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", archive.toString()).exitCode());
    Fixtures.ProcessResult sums = Fixtures.exec(x, "sha256sum", "-c", "--strict", "SHA256SUMS");
    assertEquals(0, sums.exitCode(), sums.output());
    Path gpgHome = Files.createTempDirectory(Path.of("/tmp"), "gpg");
    try {
      assertEquals(0, Fixtures.exec(x, "gpg", "--homedir", gpgHome.toString(), "--batch", "--import",
          keys.pub().toString()).exitCode());
      Fixtures.ProcessResult gpg = Fixtures.exec(x, "gpg", "--homedir", gpgHome.toString(), "--batch",
          "--verify", "SHA256SUMS.asc", "SHA256SUMS");
      assertEquals(0, gpg.exitCode(), gpg.output());
      assertTrue(gpg.output().contains("Good signature"), gpg.output());
    } finally {
      Fixtures.exec(tmp, "gpgconf", "--homedir", gpgHome.toString(), "--kill", "all");
      io.airgap.archiver.internal.FileTrees.deleteQuietly(gpgHome);
    }
    Fixtures.ProcessResult script = Fixtures.exec(x, "sh", "restore-scripts/verify.sh", keys.pub().toString());
    assertEquals(0, script.exitCode(), script.output());

    Path empty = tmp.resolve("empty");
    git(Files.createDirectories(empty), "init", "-q");
    assertEquals(0, CGit.run(empty, "bundle", "verify", x.resolve("repo.bundle").toString()).exitCode());
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), "bundle-clone");
    assertEquals("main", git(tmp.resolve("bundle-clone"), "branch", "--show-current").strip());

    Path target = tmp.resolve("target.git");
    cli.run("restore", archive.toString(), "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
    assertEquals("refs/heads/main", git(target, "symbolic-ref", "HEAD").strip());
    CGit.Result fsck = CGit.run(target, "fsck", "--full", "--strict");
    assertEquals(0, fsck.exitCode(), fsck.stderr());
    String tree = git(target, "ls-tree", "-r", "main");
    assertTrue(tree.contains("120000 blob") && tree.contains("link-to-readme"), tree);
    assertTrue(tree.contains("100755 blob") && tree.contains("bin/run.sh"), tree);
    assertTrue(git(target, "ls-tree", "-r", "--name-only", "-z", "main").contains("dokumente/übersicht-ñ-日本.txt"));
    assertEquals("tag", git(target, "cat-file", "-t", "refs/tags/v1.0").strip());
    assertEquals("a note on main\n", git(target, "notes", "show", "main"));

    CliRunner.Run again = cli.run("restore", archive.toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--json").expect(0);
    assertTrue(again.out().contains("\"create\" : 0"), again.out());
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void sameStateAndTimestamp_giveByteIdenticalArchives() throws Exception {
    Path src = SampleRepos.rich(tmp.resolve("src"));
    cli.env("SOURCE_DATE_EPOCH", "1700000000");
    Path first = create(src, tmp.resolve("out1"));
    Path second = create(src, tmp.resolve("out2"));
    Path third = create(src, tmp.resolve("out3"), "--cache", tmp.resolve("other-cache").toString());
    assertEquals("src-full-20231114T221320Z.tar.gz", first.getFileName().toString());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(third));
  }

  @Test
  void sourceWithMissingObjects_failsClearly_andLeavesNoArchive() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "more.txt", "more\n", "second");
    String blob = git(src, "rev-parse", "HEAD~1:hello.txt").strip();
    Files.delete(src.resolve(".git/objects").resolve(blob.substring(0, 2)).resolve(blob.substring(2)));
    Path out = tmp.resolve("out");

    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString()).expect(1);
    assertTrue(run.err().contains("missing") && run.err().contains(blob), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertEquals(List.of(), Fixtures.listAll(out));
  }

  @Test
  void repositoryWith1600Refs_roundTripsExactly() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "a.txt", "a\n", "a");
    String head = git(src, "rev-parse", "HEAD").strip();
    String parent = git(src, "rev-parse", "HEAD~1").strip();
    StringBuilder updates = new StringBuilder();
    for (int i = 0; i < 1600; i++) {
      updates.append("create refs/").append(i % 2 == 0 ? "heads/branch-" : "tags/tag-").append(i)
          .append(' ').append(i % 3 == 0 ? parent : head).append('\n');
    }
    Path stdin = tmp.resolve("updates.txt");
    Files.writeString(stdin, updates);
    assertEquals(0, Fixtures.exec(src, "sh", "-c", "git update-ref --stdin < " + stdin).exitCode());

    Path archive = create(src, tmp.resolve("out"));
    Path target = tmp.resolve("target.git");
    cli.run("restore", archive.toString(), "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(1601, CGit.refs(target).lines().count());
    assertEquals(CGit.refs(src), CGit.refs(target));
  }
}
