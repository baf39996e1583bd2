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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fleets end to end: discovery on a source forge, one archive per repository, and a fleet restore
 * into an internal forge that creates what is missing. Both forges are FIXTURES (testing/forge:
 * each forge's REST API written from its public documentation, in front of JGit's real smart-HTTP
 * Git server): no real GitLab, GitHub, Gitea or Bitbucket runs on this machine.
 */
class FleetTest {
  private static final String SOURCE_TOKEN = "src-tok-4f9a1c77e2";
  private static final String TARGET_TOKEN = "tgt-tok-8b3d0e55a9";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ForgeFixture source;
  private ForgeFixture target;

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (target != null) {
      target.close();
    }
  }

  /** A repository whose default branch is {@code develop}, not {@code main}, with a tag and a second branch. */
  private Path developRepo(String name) {
    Path dir = SampleRepos.simple(tmp.resolve("work").resolve(name));
    git(dir, "tag", "v1");
    git(dir, "checkout", "-q", "-b", "develop");
    SampleRepos.commit(dir, "dev.txt", "dev\n", "on develop");
    return dir;
  }

  private CliRunner cli() {
    return new CliRunner(tmp).env("SOURCE_TOKEN", SOURCE_TOKEN).env("TARGET_TOKEN", TARGET_TOKEN);
  }

  private static List<Path> archives(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".tar.gz")).sorted().toList();
    }
  }

  /** A GitLab group {@code g} of repositories with these names (one sample history), archived by create --discover into out/. */
  private Path archivedGroup(CliRunner cli, Fixtures.Keys keys, String... names) throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/x"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    for (String name : names) {
      source.add("g/" + name, repo, null, "private");
    }
    Path out = tmp.resolve("out");
    cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "g", "--output", out.toString(),
        "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    return out;
  }

  private static JsonNode manifest(Path archive) throws Exception {
    return JSON.readTree(ArchiveTamper.read(archive).get("manifest.json"));
  }

  @Test
  void gitlabGroup_withSubgroupArchivedProjectAndSeveralPages_oneArchiveEach_excludeDrops_429WaitedOut()
      throws Exception {
    Path repo = developRepo("app");
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN).maxPerPage(2);
    source.add("backend/api", repo, "the API", "internal")
        .add("backend/web", repo, null, "private")
        .add("backend/sub/worker", repo, "jobs", "private")
        .add("backend/legacy", repo, null, "private").archived("backend/legacy")
        .add("frontend/site", repo, null, "public");
    source.rateLimitRequest(2);
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = tmp.resolve("out");
    Path log = tmp.resolve("create.log");

    CliRunner.Run run = cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--exclude", "backend/web", "--output", out.toString(), "--sign-key", keys.secret().toString(), "--no-deps",
        "--parallel", "2", "--log-file", log.toString()).expect(0);

    List<Path> made = archives(out);
    assertEquals(3, made.size(), run.all());
    assertTrue(made.stream().anyMatch(p -> p.getFileName().toString().startsWith("backend-sub-worker-full-")), made.toString());
    assertTrue(made.stream().anyMatch(p -> p.getFileName().toString().startsWith("backend-legacy-full-")), made.toString());
    assertFalse(made.stream().anyMatch(p -> p.getFileName().toString().contains("web")), made.toString());
    assertTrue(run.err().contains("answered 429") && run.err().contains("waiting"), run.err());
    assertTrue(source.requests().stream().anyMatch(r -> r.contains("include_subgroups=true") && r.contains("page=2")),
        source.requests().toString());
    JsonNode forge = manifest(made.stream().filter(p -> p.toString().contains("worker")).findFirst().orElseThrow()).get("forge");
    assertEquals("gitlab", forge.get("kind").asText());
    assertEquals("backend/sub/worker", forge.get("path").asText());
    assertEquals("develop", forge.get("default_branch").asText());
    assertEquals("jobs", forge.get("description").asText());
    assertEquals("private", forge.get("visibility").asText());
    String everything = run.all() + Files.readString(log) + manifest(made.get(0));
    assertFalse(everything.contains(SOURCE_TOKEN), "the token leaked");

    Path skipped = tmp.resolve("skipped");
    cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend", "--skip-archived",
        "--include", "backend/**", "--exclude", "backend/api", "--output", skipped.toString(), "--no-deps",
        "--sign-key", keys.secret().toString()).expect(0);
    assertEquals(2, archives(skipped).size(), "web and sub/worker: legacy is archived, api excluded");
  }

  /**
   * Discovery on one forge, then the whole folder restored into another, creating every repository
   * through its API; a second run creates and pushes nothing.
   */
  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
    "GITLAB, backend, GITEA, mirror, {name}",
    "GITLAB, backend, GITLAB, internal, {path}",
    "GITHUB, acme, BITBUCKET, MIR, {name}",
    "BITBUCKET, PROJ, GITHUB, internal-org, {name}"
  })
  void wholeFolder_restoredIntoAnotherForge_createsPrivateRepositories_setsDefaultBranch_secondRunIsNoOp(
      ForgeKind sourceKind, String group, ForgeKind targetKind, String owner, String placeholder) throws Exception {
    Path app = developRepo("app");
    Path lib = SampleRepos.simple(tmp.resolve("work").resolve("lib"));
    source = ForgeFixture.start(sourceKind, tmp.resolve("src-forge"), SOURCE_TOKEN).maxPerPage(1);
    source.add(group + "/app", app, "the app", "private").add(group + "/lib", lib, null, "public");
    if (sourceKind == ForgeKind.GITLAB) {
      source.add(group + "/sub/tool", lib, "a tool", "private");
    }
    target = ForgeFixture.start(targetKind, tmp.resolve("tgt-forge"), TARGET_TOKEN).group(owner);
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = tmp.resolve("out");
    cli.run("create", "--discover", sourceKind.id(), "--api-url", source.apiUrl(), "--group", group,
        "--output", out.toString(), "--sign-key", keys.secret().toString(), "--no-deps").expect(0);

    String template = target.template().replace("{path}", owner + "/" + placeholder);
    String[] restore = {"restore", out.toString(), "--target-template", template, "--create-repos", targetKind.id(),
        "--api-url", target.apiUrl(), "--trust", keys.pub().toString(), "--parallel", "2"};
    CliRunner.Run first = cli.run(restore).expect(0);

    List<String> sources = source.paths();
    for (String path : sources) {
      String targetPath = owner + "/" + (placeholder.equals("{path}") ? path : path.substring(path.lastIndexOf('/') + 1));
      assertTrue(target.exists(targetPath), targetPath + " was not created:\n" + first.all());
      assertEquals("private".equals(source.visibility(path)) ? "private" : "public", target.visibility(targetPath));
      assertEquals(source.description(path), target.description(targetPath));
      assertEquals(CGit.refs(source.repository(path)), CGit.refs(target.repository(targetPath)), targetPath);
      assertEquals(source.defaultBranchOf(path), target.defaultBranchOf(targetPath), targetPath + "\n" + first.all()
          + target.requests());
    }
    assertEquals("develop", target.defaultBranchOf(owner + "/" + (placeholder.equals("{path}") ? group + "/" : "") + "app"),
        "the source's default branch is develop, not main");
    assertTrue(first.out().lines().filter(l -> l.matches("\\S+\\s+restored\\s+yes\\s.*")).count() == sources.size(),
        first.out());
    assertFalse(first.all().contains(TARGET_TOKEN) || first.all().contains(SOURCE_TOKEN));

    target.clearRequests();
    CliRunner.Run second = cli.run(restore).expect(0);
    assertEquals(List.of(), target.writes(), "a second run creates and pushes nothing");
    assertTrue(second.out().lines().filter(l -> l.matches("\\S+\\s+unchanged\\s+no\\s+0\\s.*")).count() == sources.size(),
        second.out());
  }

  @Test
  void wrongToken_exits1_withAClearMessage_andTheTokenNowhere() throws Exception {
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    source.add("backend/api", SampleRepos.simple(tmp.resolve("work/api")), null, "private");
    String wrong = "glpat-WRONG-5e5e5e5e";
    CliRunner cli = cli().env("SOURCE_TOKEN", wrong);
    Path log = tmp.resolve("create.log");
    CliRunner.Run run = cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--output", tmp.resolve("out").toString(), "--log-file", log.toString()).expect(1);
    assertTrue(run.err().contains("refused the token (401 Unauthorized)") && run.err().contains("SOURCE_TOKEN"), run.err());
    assertFalse(run.all().contains(wrong) || Files.readString(log).contains(wrong), "the token leaked");
    assertFalse(run.err().contains("\tat "), "no stack trace");

    // the same on the restoring side: the forge refuses TARGET_TOKEN, the repository is named as failed
    CliRunner good = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(good, tmp.resolve("keys"));
    good.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend", "--output",
        tmp.resolve("out").toString(), "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("mirror");
    String wrongTarget = "gitea-WRONG-77aa";
    CliRunner.Run restore = cli().env("TARGET_TOKEN", wrongTarget).run("restore", tmp.resolve("out").toString(),
        "--target-template", target.template().replace("{path}", "mirror/{name}"), "--create-repos", "gitea",
        "--api-url", target.apiUrl(), "--trust", keys.pub().toString(), "--json").expect(1);
    JsonNode doc = JSON.readTree(restore.out());
    assertEquals("failed", doc.get("repositories").get(0).get("status").asText());
    assertTrue(doc.get("repositories").get(0).get("error").asText().contains("TARGET_TOKEN"), restore.out());
    assertFalse(restore.all().contains(wrongTarget), "the token leaked");
    assertFalse(target.exists("mirror/api"));
  }

  @Test
  void twoSourcesOnOneTargetUrl_isAUsageError_beforeAnythingIsPushed() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/x"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    source.add("a/tool", repo, null, "private").add("a/sub/tool", repo, null, "private");
    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("mirror");
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "a", "--output",
        tmp.resolve("out").toString(), "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    CliRunner.Run run = cli.run("restore", tmp.resolve("out").toString(), "--target-template",
        target.template().replace("{path}", "mirror/{name}"), "--create-repos", "gitea", "--api-url", target.apiUrl(),
        "--trust", keys.pub().toString()).expect(2);
    assertTrue(run.err().contains("a/sub/tool") && run.err().contains("a/tool") && run.err().contains("both map to"),
        run.err());
    assertEquals(List.of(), target.writes());
  }

  @Test
  void configDiscoverEntry_archivesTheGroup_besidePlainSources() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/x"));
    source = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), SOURCE_TOKEN);
    source.add("infra/dns", repo, null, "private").add("infra/ntp", repo, null, "private");
    Path config = tmp.resolve("archiver.yaml");
    Files.writeString(config, "repositories:\n"
        + "  - discover: gitea\n    api-url: " + source.apiUrl() + "\n    group: infra\n    exclude: [ \"infra/ntp\" ]\n"
        + "  - source: " + repo.toUri() + "\n    name: plain\n");
    Path out = tmp.resolve("out");
    cli().run("create", "--config", config.toString(), "--output", out.toString(), "--no-deps").expect(0);
    List<String> names = archives(out).stream().map(p -> p.getFileName().toString().replaceFirst("-full-.*", "")).toList();
    assertEquals(List.of("infra-dns", "plain"), names);
  }

  @Test
  void repositoryWithSubmodule_bothArchivedAndRestored_insteadOfLinesMakeARecursiveCloneWorkOffline() throws Exception {
    Path lib = SampleRepos.simple(tmp.resolve("work/lib"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    source.add("shared/lib", lib, "shared code", "private");
    Path app = SampleRepos.simple(tmp.resolve("work/app"));
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toUri().toString(), "lib");
    git(app, "config", "-f", ".gitmodules", "submodule.lib.url", source.gitUrl("shared/lib"));
    git(app, "add", ".gitmodules", "lib");
    git(app, "commit", "-q", "-m", "lib as a submodule");
    source.add("backend/app", app, null, "private");
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = tmp.resolve("out");

    // only backend is discovered; shared/lib comes in through .gitmodules
    cli.run("create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--recurse-submodules", "--output", out.toString(), "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    List<Path> made = archives(out);
    assertEquals(2, made.size(), made.toString());
    JsonNode submodules = manifest(made.stream().filter(p -> p.toString().contains("backend-app")).findFirst()
        .orElseThrow()).get("submodules");
    assertEquals("lib", submodules.get(0).get("path").asText());
    assertEquals(source.gitUrl("shared/lib"), submodules.get(0).get("url").asText());

    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("mirror");
    CliRunner.Run restore = cli.run("restore", out.toString(), "--target-template",
        target.template().replace("{path}", "mirror/{name}"), "--create-repos", "gitea", "--api-url", target.apiUrl(),
        "--trust", keys.pub().toString()).expect(0);
    String internal = target.gitUrl("mirror/lib");
    String original = source.gitUrl("shared/lib");
    assertTrue(restore.out().contains("git config --global 'url." + internal + ".insteadOf' '" + original + "'"),
        restore.out());
    assertEquals(CGit.refs(source.repository("shared/lib")), CGit.refs(target.repository("mirror/lib")));

    source.close(); // offline: the original URLs no longer answer
    source = null;
    String helper = "!f() { echo username=dev; echo password=" + TARGET_TOKEN + "; }; f";
    CGit.Result clone = CGit.run(tmp, java.util.Map.of("GIT_TERMINAL_PROMPT", "0"), "-c", "credential.helper=" + helper,
        "-c", "url." + internal + ".insteadOf=" + original, "clone", "-q", "--recurse-submodules",
        target.gitUrl("mirror/app"), "checkout");
    assertEquals(0, clone.exitCode(), clone.stderr());
    assertEquals("hello\n", Files.readString(tmp.resolve("checkout/lib/hello.txt")));
  }

  @Test
  void eachRepositorysOutcomeIsNamed_untrustedExits3_conflictExits4_theOthersAreRestored() throws Exception {
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = archivedGroup(cli, keys, "good", "tampered", "diverged");
    Path tampered = archives(out).stream().filter(p -> p.toString().contains("g-tampered")).findFirst().orElseThrow();
    Path copy = ArchiveTamper.rewrite(tampered, tmp.resolve("t.tar.gz"),
        e -> e.put("SHA256SUMS.asc", ArchiveTamper.flipByte(e.get("SHA256SUMS.asc"), 60)));
    Files.move(copy, tampered, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("m");
    String template = target.template().replace("{path}", "m/{name}");
    // someone already pushed other history to the internal m/diverged
    Path other = SampleRepos.simple(tmp.resolve("work/other"));
    git(other, "commit", "-q", "--amend", "-m", "different history");
    target.add("m/diverged", other, null, "private");
    CliRunner.Run run = cli.run("restore", out.toString(), "--target-template", template, "--create-repos", "gitea",
        "--api-url", target.apiUrl(), "--trust", keys.pub().toString(), "--json");
    assertEquals(3, run.exitCode(), run.all());
    JsonNode rows = JSON.readTree(run.out()).get("repositories");
    java.util.Map<String, String> status = new java.util.TreeMap<>();
    rows.forEach(r -> status.put(r.get("path").asText(), r.get("status").asText()));
    assertEquals(java.util.Map.of("g/diverged", "conflict", "g/good", "restored", "g/tampered", "untrusted"), status);
    assertEquals(CGit.refs(source.repository("g/good")), CGit.refs(target.repository("m/good")));
    assertFalse(target.exists("m/tampered"), "nothing is created for an archive whose signature does not hold");

    Files.delete(tampered);
    cli.run("restore", out.toString(), "--target-template", template, "--create-repos", "gitea",
        "--api-url", target.apiUrl(), "--trust", keys.pub().toString()).expect(4);
  }

  @Test
  void damagedBundleBehindAGoodSignature_exitsNonzero_andLeavesNoEmptyRepositoryOnTheForge() throws Exception {
    CliRunner cli = cli();
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path out = archivedGroup(cli, keys, "good", "damaged");
    Path damaged = archives(out).stream().filter(p -> p.toString().contains("g-damaged")).findFirst().orElseThrow();
    HostileArchives hostile = new HostileArchives(damaged, keys.secret());
    java.util.Map<String, byte[]> entries = hostile.entries();
    byte[] bundle = entries.get("repo.bundle");
    bundle[bundle.length - 30] ^= 0x55; // the pack is corrupt, and SHA256SUMS is re-signed over it by the trusted key
    ArchiveTamper.write(damaged, hostile.signed(entries));
    cli.run("verify", damaged.toString(), "--trust", keys.pub().toString()).expect(0);

    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("m");
    CliRunner.Run run = cli.run("restore", out.toString(), "--target-template", target.template().replace("{path}",
        "m/{name}"), "--create-repos", "gitea", "--api-url", target.apiUrl(), "--trust", keys.pub().toString(), "--json");
    assertTrue(run.exitCode() != 0, run.all());
    JsonNode rows = JSON.readTree(run.out()).get("repositories");
    java.util.Map<String, String> status = new java.util.TreeMap<>();
    rows.forEach(r -> status.put(r.get("path").asText(), r.get("status").asText() + "/" + r.get("created").asBoolean()));
    assertEquals(java.util.Map.of("g/damaged", "untrusted/false", "g/good", "restored/true"), status, run.all());
    assertFalse(target.exists("m/damaged"), "no empty repository is left for an archive that does not apply");
    assertEquals(CGit.refs(source.repository("g/good")), CGit.refs(target.repository("m/good")));
  }
}
