package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * full → incremental → incremental over a history that gains commits, a branch and an annotated
 * tag, loses a branch and has one force-rewritten; restored in one call, per archive, onto a
 * target seeded elsewhere, and with gaps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalChainTest {
  @TempDir static Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path a1;
  private Path a2;
  private Path a3;
  private String a2Id;
  private String srcRefsAfterA1;
  private String srcRefsAfterA2;

  @BeforeAll
  void buildChain() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    SampleRepos.commit(src, "data/big1.txt", pseudoRandomText(1, 2_000_000), "large history");
    a1 = create("out1", "--since-last");
    srcRefsAfterA1 = CGit.refs(src);

    SampleRepos.commit(src, "data/big2.txt", pseudoRandomText(2, 400_000), "new data on main");
    git(src, "branch", "topic");
    git(src, "tag", "-a", "v2.0", "-m", "release 2.0");
    a2 = create("out2", "--incremental", "--base", a1.toString()); // another folder: --since-last would start a new chain
    a2Id = idOf(a2);
    srcRefsAfterA2 = CGit.refs(src);

    git(src, "branch", "-D", "release/1.x");
    git(src, "checkout", "-q", "feature/x");
    git(src, "reset", "-q", "--hard", "HEAD~1");
    SampleRepos.commit(src, "src/feature.txt", "feature, rewritten\n", "rewritten feature");
    git(src, "checkout", "-q", "main");
    SampleRepos.commit(src, "src/app.txt", "line 1\nline 2\nline 3\n", "more main work");
    a3 = create("out3", "--incremental", "--base", a2.toString());
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", src.toString(),
        "--output", tmp.resolve(out).toString(), "--sign-key", keys.secret().toString()));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(tmp.resolve(out));
  }

  private String idOf(Path archive) {
    String json = cli.run("inspect", archive.toString(), "--json").expect(0).out();
    return json.replaceAll("(?s).*\"archive_id\" : \"([0-9a-f]{64})\".*", "$1");
  }

  private CliRunner.Run restore(Path target, Path workspace, String... archivesAndFlags) {
    List<String> args = new java.util.ArrayList<>(List.of("restore", "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", workspace.toString()));
    args.addAll(List.of(archivesAndFlags));
    return cli.run(args.toArray(String[]::new));
  }

  @Test
  void manifestsRecordTheChainAndWhatChanged() {
    String second = cli.run("inspect", a2.toString(), "--json").expect(0).out();
    assertTrue(second.contains("\"type\" : \"incremental\"") && second.contains("\"base_id\" : \"" + idOf(a1) + "\""), second);
    String third = cli.run("inspect", a3.toString(), "--json").expect(0).out();
    assertTrue(third.contains("\"base_id\" : \"" + a2Id + "\""), third);
    String changes = third.replaceAll("\\s+", "");
    assertTrue(changes.contains("\"rewritten\":[\"refs/heads/feature/x\"]"), third);
    assertTrue(changes.contains("\"deleted\":[\"refs/heads/release/1.x\"]"), third);
    assertTrue(changes.contains("\"updated\":[\"refs/heads/main\"]"), third);
  }

  @Test
  void wholeChainInOneCall_givesExactlyTheSourceRefs() {
    Path target = tmp.resolve("one-call.git");
    restore(target, tmp.resolve("ws-one"), a3.toString(), a1.toString(), a2.toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
    assertEquals(0, CGit.run(target, "fsck", "--full").exitCode());
  }

  @Test
  void oneCallPerArchive_withPrune_isExact_andWithoutPruneKeepsOnlyTheDeletedBranch() {
    Path pruned = tmp.resolve("pruned.git");
    Path kept = tmp.resolve("kept.git");
    for (Path archive : List.of(a1, a2, a3)) {
      restore(pruned, tmp.resolve("ws-pruned"), archive.toString(), "--prune", "--on-conflict", "source-wins").expect(0);
      restore(kept, tmp.resolve("ws-kept"), archive.toString(), "--on-conflict", "source-wins").expect(0);
    }
    assertEquals(CGit.refs(src), CGit.refs(pruned));
    String extra = CGit.refs(kept).lines().filter(l -> !CGit.refs(src).contains(l)).reduce("", String::concat);
    assertTrue(extra.endsWith(" commit refs/heads/release/1.x"), extra);
    assertEquals(CGit.refs(src).lines().count() + 1, CGit.refs(kept).lines().count());

    CliRunner.Run again = restore(pruned, tmp.resolve("ws-pruned"), a3.toString(), "--prune", "--json").expect(0);
    assertTrue(again.out().replaceAll("\\s+", "").contains("\"applied\":[]"), again.out());
    assertEquals(CGit.refs(src), CGit.refs(pruned));
  }

  @Test
  void rewrittenBranch_isAConflictUnderTheDefaultPolicy() {
    Path target = tmp.resolve("conflict.git");
    Path ws = tmp.resolve("ws-conflict");
    restore(target, ws, a1.toString()).expect(0);
    restore(target, ws, a2.toString()).expect(0);
    CliRunner.Run run = restore(target, ws, a3.toString()).expect(4);
    assertTrue(run.err().contains("refs/heads/feature/x"), run.err());
  }

  @Test
  void incrementalsOntoATargetSeededFromAnotherWorkspace_work() {
    Path target = tmp.resolve("seeded.git");
    restore(target, tmp.resolve("ws-first-machine"), a1.toString()).expect(0);
    restore(target, tmp.resolve("ws-fresh-machine"), a2.toString(), a3.toString(), "--prune",
        "--on-conflict", "source-wins").expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void gapsAndWrongOrder_failWithExit1_nameTheMissingArchive_andPushNothing() {
    Path fresh = tmp.resolve("gap-fresh.git");
    CliRunner.Run gap = restore(fresh, tmp.resolve("ws-gap"), a1.toString(), a3.toString()).expect(1);
    assertTrue(gap.err().contains(a2Id), gap.err());
    assertFalse(Files.exists(fresh));

    Path seeded = tmp.resolve("gap-seeded.git");
    restore(seeded, tmp.resolve("ws-gap-seed"), a1.toString()).expect(0);
    String before = CGit.refs(seeded);
    CliRunner.Run skip = restore(seeded, tmp.resolve("ws-gap-seed"), a3.toString()).expect(1);
    assertTrue(skip.err().contains(a2Id), skip.err());
    CliRunner.Run onTarget = restore(seeded, tmp.resolve("ws-gap-other"), a3.toString()).expect(1);
    assertTrue(onTarget.err().contains(a2Id), onTarget.err());
    assertEquals(before, CGit.refs(seeded));
  }

  @Test
  void stockGitBundleVerify_acceptsTheIncrementalOnlyWhereItsBaseIsPresent() throws Exception {
    Path x = Files.createDirectories(tmp.resolve("x2"));
    Fixtures.exec(x, "tar", "xzf", a2.toString());
    Path empty = tmp.resolve("empty-repo");
    git(Files.createDirectories(empty), "init", "-q");
    CGit.Result inEmpty = CGit.run(empty, "bundle", "verify", x.resolve("repo.bundle").toString());
    assertNotEquals(0, inEmpty.exitCode());
    assertTrue(inEmpty.stderr().contains("prerequisite"), inEmpty.stderr());

    Path x1 = Files.createDirectories(tmp.resolve("x1"));
    Fixtures.exec(x1, "tar", "xzf", a1.toString());
    git(tmp, "clone", "-q", "--mirror", x1.resolve("repo.bundle").toString(), "holds-base.git");
    CGit.Result withBase = CGit.run(tmp.resolve("holds-base.git"), "bundle", "verify", x.resolve("repo.bundle").toString());
    assertEquals(0, withBase.exitCode(), withBase.stderr());
  }

  @Test
  void incrementalSize_isWithinTenPercentOfStockGitBundle_andFarBelowTheFull() throws Exception {
    // stock git bundles the same change: a2's refs, minus everything a1's tips reach
    Path x2 = Files.createDirectories(tmp.resolve("x2-size"));
    Fixtures.exec(x2, "tar", "xzf", a2.toString());
    Path repo = tmp.resolve("stock-repo.git");
    git(tmp, "clone", "-q", "--mirror", src.toString(), repo.toString());
    git(repo, "fetch", "-q", x2.resolve("repo.bundle").toString(), "+refs/*:refs/a2/*");
    List<String> args = new java.util.ArrayList<>(List.of("bundle", "create", tmp.resolve("stock.bundle").toString()));
    git(repo, "for-each-ref", "--format=%(refname)", "refs/a2/").lines().forEach(args::add);
    srcRefsAfterA1.lines().map(l -> "^" + l.split(" ")[0]).forEach(args::add);
    git(repo, args.toArray(String[]::new));

    long stockGz = gzipSize(tmp.resolve("stock.bundle"));
    long ours = Files.size(a2);
    long full = Files.size(a1);
    assertTrue(ours <= stockGz * 1.10, "incremental " + ours + " vs stock " + stockGz);
    assertTrue(ours * 3 < full, "incremental " + ours + " vs full " + full);
  }

  @Test
  void stockRestoreScript_appliesTheFullThenTheIncrementalArchive() throws Exception {
    Path target = tmp.resolve("stock-target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    for (Path archive : List.of(a1, a2)) {
      Path x = Files.createDirectories(tmp.resolve("stock-" + archive.getFileName()));
      Fixtures.exec(x, "tar", "xzf", archive.toString());
      Fixtures.ProcessResult run = Fixtures.exec(x, "sh", "restore-scripts/restore.sh", target.toString());
      assertEquals(0, run.exitCode(), run.output());
    }
    assertEquals(srcRefsAfterA2, CGit.refs(target));
  }

  @Test
  void nothingChanged_writesNothing_unlessEmptyArchivesAreAllowed() throws Exception {
    Path out = tmp.resolve("out-empty");
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--base", a3.toString()).expect(0);
    assertTrue(run.out().contains("Nothing changed"), run.out());
    assertEquals(List.of(), Fixtures.listAll(out));
    cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--base", a3.toString(), "--allow-empty").expect(0);
    assertEquals(1, Fixtures.listAll(out).size());
  }

  @Test
  void archiveOfAnotherSource_isRefusedByTheWorkspace() throws Exception {
    Path ws = tmp.resolve("ws-owned");
    restore(tmp.resolve("owned.git"), ws, a1.toString()).expect(0);
    Path other = SampleRepos.simple(tmp.resolve("other-src"));
    cli.run("create", "--source", other.toString(), "--output", tmp.resolve("out-other").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    CliRunner.Run run = restore(tmp.resolve("owned.git"), ws, Fixtures.onlyArchive(tmp.resolve("out-other")).toString())
        .expect(2);
    assertTrue(run.err().contains("holds source"), run.err());
  }

  @Test
  void sinceLast_withAnUnreadableCatalog_fallsBackToAFullArchiveWithAWarning() throws Exception {
    Path home = tmp.resolve("fallback-home");
    CliRunner own = new CliRunner(home);
    Path repo = SampleRepos.simple(tmp.resolve("fallback-src"));
    own.run("create", "--source", repo.toString(), "--output", home.resolve("o1").toString(), "--since-last").expect(0);
    try (var catalogs = Files.list(home.resolve("cache/catalog"))) {
      Files.writeString(catalogs.findFirst().orElseThrow(), "{ not json");
    }
    SampleRepos.commit(repo, "x.txt", "x\n", "x");
    CliRunner.Run run = own.run("create", "--source", repo.toString(), "--output", home.resolve("o2").toString(),
        "--since-last").expect(0);
    assertTrue(run.err().contains("creating a full archive instead"), run.err());
    assertTrue(Fixtures.onlyArchive(home.resolve("o2")).getFileName().toString().contains("-full-"));
  }

  private static long gzipSize(Path file) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(Files.readAllBytes(file));
    }
    return bytes.size();
  }

  /** Text that compresses like source code: words from a fixed vocabulary in a seeded order. */
  static String pseudoRandomText(long seed, int size) {
    Random random = new Random(seed);
    String[] words = {"public", "static", "final", "return", "value", "archive", "bundle", "commit", "tree",
        "int", "long", "if", "else", "for", "while", "{", "}", "(", ")", ";", "x", "y", "count", "name"};
    StringBuilder sb = new StringBuilder(size + 16);
    while (sb.length() < size) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(random.nextInt(7) == 0 ? '\n' : ' ');
    }
    return sb.toString();
  }
}
