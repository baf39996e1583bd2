package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore DIR --target-template … --dry-run} is the fleet's real run with every writing step described:
 * each source planned the way a single restore's dry run plans it, nothing created (no bare repository, no
 * repository through the forge's API — the forge is a contract FIXTURE, testing/forge), nothing pushed, no
 * workspace changed; and the per-repository plan (archives, refs and actions) is the one the real run carries out.
 */
class FleetDryRunTest {
  private static final String TARGET_TOKEN = "tgt-tok-51e0c9d2aa";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ForgeFixture target;

  @AfterEach
  void stop() throws Exception {
    if (target != null) {
      target.close();
    }
  }

  /** Archives of three sources in one folder; {@code beta} also has an increment. */
  private Path archives(CliRunner cli, Fixtures.Keys keys) throws Exception {
    Path out = tmp.resolve("out");
    for (String name : List.of("alpha", "beta", "gamma")) {
      Path src = SampleRepos.simple(tmp.resolve("src").resolve(name));
      git(src, "tag", "v1");
      SampleRepos.commit(src, name + ".txt", name + "\n", "about " + name);
      cli.run("create", "--source", src.toString(), "--output", out.toString(), "--no-deps",
          "--sign-key", keys.secret().toString()).expect(0);
      if (name.equals("beta")) {
        git(src, "checkout", "-q", "-b", "feature");
        SampleRepos.commit(src, "feature.txt", "f\n", "feature");
        cli.run("create", "--source", src.toString(), "--output", out.toString(), "--no-deps", "--since-last",
            "--sign-key", keys.secret().toString()).expect(0);
      }
    }
    return out;
  }

  /** Per repository: path → {archives_applied, refs} (what a plan is), the rest left out. */
  private static Map<String, String> plans(JsonNode doc) {
    Map<String, String> plans = new TreeMap<>();
    doc.get("repositories").forEach(r -> plans.put(r.get("path").asText(),
        r.get("archives_applied") + " " + r.get("refs")));
    return plans;
  }

  /** Every regular file under a folder (none when it does not exist). */
  private static List<String> files(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p) + ":" + p.toFile().length()).sorted().toList();
    }
  }

  @Test
  void fleetDryRun_onFileTargets_plansWhatTheRealRunDoes_andCreatesNothing() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = archives(cli, keys);
    Path targets = tmp.resolve("targets");
    // gamma's target already exists and is one commit behind; the others do not exist yet
    Files.createDirectories(targets);
    git(tmp, "clone", "-q", "--bare", tmp.resolve("src/gamma").toString(), targets.resolve("gamma.git").toString());
    git(targets.resolve("gamma.git"), "update-ref", "refs/heads/main", "refs/heads/main~1");
    git(targets.resolve("gamma.git"), "tag", "-d", "v1");
    String gammaBefore = CGit.refs(targets.resolve("gamma.git"));
    Path workspaces = tmp.resolve("ws");
    String template = targets.toUri() + "{name}.git";

    CliRunner.Run dry = cli.run("restore", out.toString(), "--target-template", template, "--workspace",
        workspaces.toString(), "--trust", keys.pub().toString(), "--dry-run", "--json").expect(0);
    JsonNode dryDoc = JSON.readTree(dry.out());
    assertTrue(dryDoc.get("dry_run").asBoolean(), dry.out());
    try (Stream<Path> list = Files.list(targets)) {
      assertEquals(List.of("gamma.git"), list.map(p -> p.getFileName().toString()).toList(),
          "the dry run created no bare repository");
    }
    assertEquals(gammaBefore, CGit.refs(targets.resolve("gamma.git")), "the dry run pushed nothing");
    assertEquals(List.of(), files(workspaces), "the dry run left no workspace");
    CliRunner.Run plain = cli.run("restore", out.toString(), "--target-template", template, "--workspace",
        workspaces.toString(), "--trust", keys.pub().toString(), "--dry-run").expect(0);
    assertTrue(plain.all().contains("dry run: would create the repository"), plain.all());
    assertTrue(plain.all().contains("would-restore"), plain.all());
    assertFalse(Files.exists(targets.resolve("alpha.git")), "the dry run created no bare repository");

    CliRunner.Run real = cli.run("restore", out.toString(), "--target-template", template, "--workspace",
        workspaces.toString(), "--trust", keys.pub().toString(), "--json").expect(0);
    JsonNode realDoc = JSON.readTree(real.out());
    assertFalse(realDoc.get("dry_run").asBoolean(), real.out());
    assertEquals(plans(realDoc), plans(dryDoc));
    assertEquals(3, plans(dryDoc).size(), dry.out());
    assertTrue(plans(dryDoc).get("gamma").contains("{\"action\":\"create\",\"ref\":\"refs/tags/v1\"}"), dry.out());
    assertTrue(plans(dryDoc).get("gamma").contains("{\"action\":\"fast_forward\",\"ref\":\"refs/heads/main\"}"),
        dry.out());
    assertTrue(plans(dryDoc).get("beta").contains("refs/heads/feature"), dry.out());
    JsonNode beta = null;
    for (JsonNode r : dryDoc.get("repositories")) {
      beta = r.get("path").asText().equals("beta") ? r : beta;
    }
    assertEquals(2, beta.get("archives_applied").size(), "beta's chain of two archives is planned whole: " + beta);
    for (String name : List.of("alpha", "beta", "gamma")) {
      assertEquals(CGit.refs(tmp.resolve("src").resolve(name)), CGit.refs(targets.resolve(name + ".git")), name);
    }
  }

  @Test
  void fleetDryRun_withCreateRepos_makesNoApiCallThatCreates() throws Exception {
    CliRunner cli = new CliRunner(tmp).env("TARGET_TOKEN", TARGET_TOKEN);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = archives(cli, keys);
    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("m");
    String template = target.template().replace("{path}", "m/{name}");
    String[] restore = {"restore", out.toString(), "--target-template", template, "--create-repos", "gitea",
        "--api-url", target.apiUrl(), "--trust", keys.pub().toString(), "--json"};

    CliRunner.Run dry = cli.run(Stream.concat(Stream.of(restore), Stream.of("--dry-run")).toArray(String[]::new))
        .expect(0);
    assertEquals(List.of(), target.writes(), "the dry run made no API call that writes: " + target.requests());
    assertEquals(List.of(), target.paths(), "the dry run created no repository");
    JsonNode dryDoc = JSON.readTree(dry.out());
    dryDoc.get("repositories").forEach(r -> assertFalse(r.get("created").asBoolean(), r.toString()));

    JsonNode realDoc = JSON.readTree(cli.run(restore).expect(0).out());
    assertEquals(plans(realDoc), plans(dryDoc));
    assertEquals(List.of("m/alpha", "m/beta", "m/gamma"), target.paths().stream().sorted().toList());
  }
}
