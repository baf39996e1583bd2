package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run is the real run's own plan with the writing steps described: for create and restore,
 * each case runs {@code --dry-run} first and then for real, and both must agree — exit code,
 * message, and per-ref plan — while the dry run changes nothing.
 */
class DryRunAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path target;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.simple(tmp.resolve("src"));
    target = tmp.resolve("target.git");
  }

  @Test
  void rewrittenBranchInAnIncrement_isAConflictInTheDryRunAsInTheRealRun() throws Exception {
    SampleRepos.commit(src, "second.txt", "second\n", "second");
    Path first = create("out1");
    restore(first.toString()).expect(0);
    // the source rewrites main: the increment's main is not a descendant of the target's
    git(src, "reset", "-q", "--hard", "HEAD~1");
    SampleRepos.commit(src, "rewritten.txt", "rewritten\n", "rewrite");
    String increment = create("out2", "--incremental", "--base", first.toString()).toString();
    String targetBefore = CGit.refs(target);
    String workspaceBefore = workspaceFingerprint();

    CliRunner.Run dry = restore(increment, "--dry-run").expect(4);
    assertEquals(workspaceBefore, workspaceFingerprint(), "a dry run leaves the workspace as it was");
    CliRunner.Run real = restore(increment).expect(4);
    assertTrue(dry.err().contains("refs/heads/main") && real.err().contains("refs/heads/main"), dry.err() + real.err());
    assertEquals(errorLine(real), errorLine(dry));
    assertEquals(targetBefore, CGit.refs(target), "neither run pushed anything");
  }

  @Test
  void pruneWithSourceWins_dryRunListsExactlyWhatTheRealRunDeletes_andLeavesOtherNamespacesAlone() throws Exception {
    git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    git(target, "branch", "stale", "main");
    git(target, "update-ref", "refs/custom/kept", "main");
    // the target's main diverges, so source-wins must force it
    git(tmp, "clone", "-q", target.toString(), "inside");
    SampleRepos.commit(tmp.resolve("inside"), "inside.txt", "inside\n", "inside change");
    git(tmp.resolve("inside"), "push", "-q", "origin", "main");
    SampleRepos.commit(src, "outside.txt", "outside\n", "outside change");
    String archive = create("out").toString();
    String targetBefore = CGit.refs(target);

    JsonNode dry = json(restore(archive, "--prune", "--on-conflict", "source-wins", "--dry-run", "--json").expect(0));
    assertEquals(targetBefore, CGit.refs(target), "the dry run pushed nothing");
    JsonNode real = json(restore(archive, "--prune", "--on-conflict", "source-wins", "--json").expect(0));

    assertEquals(real.get("refs"), dry.get("refs"));
    assertEquals(real.get("counts"), dry.get("counts"));
    assertTrue(dry.get("refs").toString().contains("{\"action\":\"delete\",\"ref\":\"refs/heads/stale\"}"), dry.toString());
    assertTrue(dry.get("refs").toString().contains("{\"action\":\"force\",\"ref\":\"refs/heads/main\"}"), dry.toString());
    assertFalse(dry.get("refs").toString().contains("refs/custom/kept"), dry.toString());
    assertTrue(CGit.run(target, "rev-parse", "--verify", "-q", "refs/heads/stale").exitCode() != 0);
    assertEquals(0, CGit.run(target, "rev-parse", "--verify", "-q", "refs/custom/kept").exitCode(),
        "refs outside the archived namespaces are untouched");
  }

  @Test
  void gapInAChain_failsTheDryRunAsTheRealRun() throws Exception {
    Path first = create("out1");
    restore(first.toString()).expect(0);
    SampleRepos.commit(src, "two.txt", "two\n", "two");
    Path second = create("out2", "--incremental", "--base", first.toString());
    SampleRepos.commit(src, "three.txt", "three\n", "three");
    String third = create("out3", "--incremental", "--base", second.toString()).toString();

    CliRunner.Run dry = restore(third, "--dry-run");
    CliRunner.Run real = restore(third);
    assertTrue(real.exitCode() != 0, real.all());
    assertEquals(real.exitCode(), dry.exitCode(), dry.all());
    assertEquals(errorLine(real), errorLine(dry));
  }

  @Test
  void untrustedArchive_isRefusedByTheDryRunAsByTheRealRun() throws Exception {
    Path archive = create("out");
    Files.createDirectories(tmp.resolve("tampered"));
    Path tampered = ArchiveTamper.rewrite(archive, tmp.resolve("tampered").resolve(archive.getFileName()),
        entries -> entries.put("repo.bundle", ArchiveTamper.flipByte(entries.get("repo.bundle"), 40)));
    CliRunner.Run dry = restore(tampered.toString(), "--dry-run").expect(3);
    CliRunner.Run real = restore(tampered.toString()).expect(3);
    assertEquals(errorLine(real), errorLine(dry));
    assertFalse(Files.exists(target), "nothing was created at the target");
  }

  @Test
  void createDryRun_namesTheRefsTypeAndBaseTheRealRunWrites() throws Exception {
    JsonNode dryFull = json(cli.run("create", "--source", src.toString(), "--output", tmp.resolve("full").toString(),
        "--timestamp", "2026-01-01T00:00:00Z", "--dry-run", "--json").expect(0));
    assertEquals(List.of(), Fixtures.listAll(tmp.resolve("full")), "the dry run wrote nothing");
    JsonNode realFull = json(createJson("full"));
    assertAgree(realFull, dryFull);

    SampleRepos.commit(src, "more.txt", "more\n", "more");
    git(src, "tag", "v2");
    JsonNode dryIncr = json(cli.run("create", "--source", src.toString(), "--output", tmp.resolve("full").toString(),
        "--timestamp", "2026-01-01T00:00:00Z", "--since-last", "--dry-run", "--json").expect(0));
    JsonNode realIncr = json(createJson("full", "--since-last")); // --since-last builds on the folder's own chain
    assertEquals("incremental", realIncr.get("type").asText());
    assertEquals(realFull.get("archive_id"), realIncr.get("base_id"));
    assertAgree(realIncr, dryIncr);

    CliRunner.Run dryUnchanged = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("full").toString(),
        "--since-last", "--dry-run").expect(0);
    assertTrue(dryUnchanged.all().contains("nothing changed"), dryUnchanged.all());
  }

  /** Same archive name, type, base and ref count — and the dry run's ref names are the written manifest's. */
  private static void assertAgree(JsonNode real, JsonNode dry) throws Exception {
    assertEquals(real.get("archive").asText(), dry.get("archive").asText());
    assertEquals(real.get("type"), dry.get("type"));
    assertEquals(real.get("base_id"), dry.get("base_id"));
    assertEquals(real.get("refs"), dry.get("refs"));
    JsonNode manifest = JSON.readTree(ArchiveTamper.read(Path.of(real.get("archive").asText())).get("manifest.json"));
    List<String> written = new ArrayList<>();
    manifest.get("refs").fieldNames().forEachRemaining(written::add);
    List<String> dryNames = new ArrayList<>();
    dry.get("ref_names").forEach(n -> dryNames.add(n.asText()));
    assertEquals(written, dryNames);
  }

  private CliRunner.Run createJson(String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString(), "--sign-key", keys.secret().toString(), "--timestamp", "2026-01-01T00:00:00Z",
        "--json"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new)).expect(0);
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString(), "--sign-key", keys.secret().toString()));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(tmp.resolve(out));
  }

  private CliRunner.Run restore(String archive, String... extra) {
    List<String> args = new ArrayList<>(List.of("restore", archive, "--target", target.toString(),
        "--trust", keys.pub().toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static JsonNode json(CliRunner.Run run) throws Exception {
    return JSON.readTree(run.out());
  }

  private static String errorLine(CliRunner.Run run) {
    return run.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse("(no error line) " + run.err());
  }

  /** Every file name and size under the workspaces root: a dry run must not change any. */
  private String workspaceFingerprint() throws Exception {
    try (Stream<Path> files = Files.walk(tmp.resolve("workspaces"))) {
      return files.filter(Files::isRegularFile).map(p -> {
        try {
          return tmp.relativize(p) + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).sorted().toList().toString();
    }
  }
}
