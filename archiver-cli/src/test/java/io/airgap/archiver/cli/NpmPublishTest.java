package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish-deps npm=URL} against Verdaccio with no uplinks on loopback, authenticated with a
 * token from its login API, proven with stock {@code npm ci} of a project whose lock file names the
 * public registry — pointed at Verdaccio by {@code .npmrc} — so the lock file's integrity must match
 * what Verdaccio serves; stock {@code pnpm install --frozen-lockfile} (a v9 lock file: integrity only)
 * resolves against it as well.
 */
class NpmPublishTest {
  /** The npm and pnpm the tests run, by their absolute paths (never the PATH's). */
  private static final NpmClients.Client NPM = NpmClients.NPM_11;
  private static final NpmClients.Client PNPM = NpmClients.PNPM_12;
  private static final String PUBLIC = "https://registry.npmjs.org/";
  private static final String USER = "publisher";
  private static final String PASSWORD = "s3cret-verdaccio-pass";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private NpmFixtures.Pkg a;
  private NpmFixtures.Pkg b;
  private Path archive;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path registryRoot = tmp.resolve("registry");
    b = NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.1", Map.of());
    a = NpmFixtures.pack(tmp, registryRoot, "tiny-a", "1.0.0", Map.of("@s/tiny-b", "^2.0.0"), "MIT");
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeProject(src.resolve("web"), List.of(a), List.of(a, b), PUBLIC);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app");
    try (RegistryServer registry = RegistryServer.serve(registryRoot)) {
      cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(), "--sign-key",
          keys.secret().toString(), "--npm-registry", registry.url()).expect(0);
    }
    archive = Fixtures.onlyArchive(tmp.resolve("out"));
  }

  private CliRunner.Run publish(String url) {
    return cli.run("publish-deps", archive.toString(), "npm=" + url, "--trust", keys.pub().toString(), "--json");
  }

  private static JsonNode counts(CliRunner.Run run) throws Exception {
    return Json.mapper().readTree(run.out()).path("published").path("counts");
  }

  /** A user whose ~/.npmrc points npm at {@code registry} with {@code token}, and an empty cache. */
  private static Path npmUser(Path home, String registry, String token) throws Exception {
    Files.createDirectories(home);
    String hostPath = registry.substring(registry.indexOf("//"));
    Files.writeString(home.resolve(".npmrc"), "registry=" + registry + "\n" + hostPath + ":_authToken=" + token + "\n"
        + "cache=" + home.resolve("npm-cache") + "\n");
    return home;
  }

  @Test
  void publishDeps_publishesEachTarballUnchanged_npmCiFromVerdaccioMatchesTheLockFile_rerunSkipsEverything()
      throws Exception {
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, PASSWORD)) {
      String token = verdaccio.login(USER, PASSWORD);
      cli.env("PUBLISH_NPM_TOKEN", token);
      CliRunner.Run first = publish(verdaccio.url()).expect(0);
      assertFalse(first.all().contains(token), "the token is never shown");
      assertEquals(2, counts(first).path("published").asInt(), first.out());

      JsonNode docB = verdaccio.document("@s/tiny-b", token);
      assertNotNull(docB, verdaccio.log());
      assertEquals(b.integrity(), docB.path("versions").path("2.0.1").path("dist").path("integrity").asText(), docB.toString());
      assertEquals("2.0.1", docB.path("dist-tags").path("latest").asText());
      JsonNode docA = verdaccio.document("tiny-a", token);
      assertEquals("^2.0.0", docA.path("versions").path("1.0.0").path("dependencies").path("@s/tiny-b").asText(),
          "the version document is the tarball's package.json");

      // stock npm ci: the lock file names registry.npmjs.org; .npmrc points npm at Verdaccio
      Path app = tmp.resolve("app");
      git(tmp, "clone", "-q", tmp.resolve("src").toString(), app.toString());
      Path home = npmUser(tmp.resolve("home"), verdaccio.url(), token);
      Tools.run(app.resolve("web"), home, NpmClients.env(NPM), NPM.command(), "ci", "--no-audit", "--no-fund")
          .expectSuccess("npm ci against Verdaccio");
      Tools.Result node = Tools.run(app.resolve("web"), home, NpmClients.env(NPM), "node", "-e",
          "console.log(require('tiny-a'), require('@s/tiny-b'))");
      assertEquals("tiny-a@1.0.0 @s/tiny-b@2.0.1", node.expectSuccess("node").output().strip());

      // stock pnpm with a v9 lock file (integrity only, no URLs) resolves against Verdaccio too
      Path pnpmApp = tmp.resolve("pnpm-app");
      NpmFixtures.writePnpmProject(pnpmApp, List.of(a), List.of(a, b), 9);
      Path pnpmHome = npmUser(tmp.resolve("home-pnpm"), verdaccio.url(), token);
      // the registry records the publish time as now: pnpm's minimum release age must not apply to it
      Files.writeString(pnpmApp.resolve("pnpm-workspace.yaml"), "minimumReleaseAge: 0\n");
      Tools.run(pnpmApp, pnpmHome, NpmClients.env(PNPM), PNPM.command(), "install", "--frozen-lockfile",
          "--store-dir",
          pnpmHome.resolve("store").toString()).expectSuccess("pnpm install --frozen-lockfile against Verdaccio");
      assertTrue(Files.isRegularFile(pnpmApp.resolve("node_modules/tiny-a/index.js")));

      CliRunner.Run second = publish(verdaccio.url()).expect(0);
      assertEquals(0, counts(second).path("published").asInt(), second.out());
      assertEquals(2, counts(second).path("already_present").asInt(), second.out());
    }
  }

  @Test
  void versionOnTheRegistryWithAnotherTarball_isAConflict_exit4_namedAndNotOverwritten() throws Exception {
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, PASSWORD)) {
      String token = verdaccio.login(USER, PASSWORD);
      // someone published another build of @s/tiny-b@2.0.1 with stock npm
      NpmFixtures.Pkg other = NpmFixtures.pack(tmp.resolve("other"), tmp.resolve("other-registry"), "@s/tiny-b", "2.0.1",
          Map.of(), null, Map.of("extra.js", "// another build\n"));
      Path home = npmUser(tmp.resolve("home"), verdaccio.url(), token);
      Tools.run(tmp, home, NpmClients.env(NPM), NPM.command(), "publish",
          tmp.resolve("other-registry").resolve(other.registryPath()).toString())
          .expectSuccess("npm publish");

      cli.env("PUBLISH_NPM_TOKEN", token);
      CliRunner.Run run = cli.run("publish-deps", archive.toString(), "npm=" + verdaccio.url(), "--trust",
          keys.pub().toString());
      run.expect(4);
      assertTrue(run.out().contains("conflict npm @s/tiny-b@2.0.1: the registry's integrity is " + other.integrity()),
          run.out());
      assertEquals(other.integrity(), verdaccio.document("@s/tiny-b", token).path("versions").path("2.0.1")
          .path("dist").path("integrity").asText(), "not overwritten");
      assertEquals(b.integrity().equals(other.integrity()), false);
      assertNotNull(verdaccio.document("tiny-a", token), "another package is published beside the conflict");
    }
  }

  @Test
  void restorePublishDeps_publishesBeforeThePush_aConflictStopsThePushWithExit4_andTheRerunFinishes() throws Exception {
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, PASSWORD)) {
      String token = verdaccio.login(USER, PASSWORD);
      NpmFixtures.Pkg other = NpmFixtures.pack(tmp.resolve("other"), tmp.resolve("other-registry"), "@s/tiny-b", "2.0.1",
          Map.of(), null, Map.of("extra.js", "// another build\n"));
      Path home = npmUser(tmp.resolve("home"), verdaccio.url(), token);
      Path otherTarball = tmp.resolve("other-registry").resolve(other.registryPath());
      Tools.run(tmp, home, NpmClients.env(NPM), NPM.command(), "publish", otherTarball.toString()).expectSuccess("npm publish");
      cli.env("PUBLISH_NPM_TOKEN", token);
      Path target = tmp.resolve("target.git");
      git(tmp, "init", "-q", "--bare", target.toString());

      CliRunner.Run refused = cli.run("restore", archive.toString(), "--target", target.toString(), "--trust",
          keys.pub().toString(), "--publish-deps", "npm=" + verdaccio.url());
      refused.expect(4);
      assertTrue(refused.err().contains("npm @s/tiny-b@2.0.1"), refused.err());
      assertTrue(refused.err().contains("Publishing dependencies") && !refused.err().contains("Pushing to"), refused.err());
      assertFalse(refused.all().contains(token));
      assertEquals("", git(target, "for-each-ref").strip(), "a registry conflict stops the run before the push");
      assertNotNull(verdaccio.document("tiny-a", token), "what does not conflict is published");

      // the operator removes the registry's wrong build; the re-run publishes the rest, then pushes
      Tools.run(tmp, home, NpmClients.env(NPM), NPM.command(), "unpublish", "@s/tiny-b@2.0.1", "--force").expectSuccess("npm unpublish");
      CliRunner.Run rerun = cli.run("restore", archive.toString(), "--target", target.toString(), "--trust",
          keys.pub().toString(), "--publish-deps", "npm=" + verdaccio.url(), "--json").expect(0);
      JsonNode published = Json.mapper().readTree(rerun.out()).path("dependencies_published").path("counts");
      assertEquals(1, published.path("published").asInt(), rerun.out());
      assertEquals(1, published.path("already_present").asInt(), rerun.out());
      assertFalse(git(target, "for-each-ref").isBlank(), "pushed");
      assertEquals(b.integrity(), verdaccio.document("@s/tiny-b", token).path("versions").path("2.0.1").path("dist")
          .path("integrity").asText());
    }
  }

  @Test
  void archiveSignedByAnUntrustedKey_isExit3_andNothingReachesTheRegistry() throws Exception {
    Fixtures.Keys stranger = Fixtures.Keys.generate(cli, tmp.resolve("stranger"));
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, PASSWORD)) {
      String token = verdaccio.login(USER, PASSWORD);
      cli.env("PUBLISH_NPM_TOKEN", token);
      cli.run("publish-deps", archive.toString(), "npm=" + verdaccio.url(), "--trust", stranger.pub().toString())
          .expect(3);
      cli.run("publish-deps", archive.toString(), "npm=" + verdaccio.url()).expect(2);
      assertEquals(null, verdaccio.document("tiny-a", token));
      assertEquals(null, verdaccio.document("@s/tiny-b", token));
    }
  }

  @Test
  void badRegistrySpecs_areUsageErrors_exit2_andNeverShowTheSecret() throws Exception {
    CliRunner.Run inUrl = cli.run("publish-deps", archive.toString(), "npm=http://ci:hunter2@127.0.0.1:9/", "--trust",
        keys.pub().toString());
    inUrl.expect(2);
    assertFalse(inUrl.all().contains("hunter2"), inUrl.all());
    assertTrue(inUrl.err().contains("PUBLISH_NPM_TOKEN"), inUrl.err());
    assertTrue(cli.run("publish-deps", archive.toString(), "cargo=http://127.0.0.1:9/", "--trust", keys.pub().toString())
        .expect(2).err().contains("cannot publish to 'cargo' registries"));
    cli.run("publish-deps", archive.toString(), "--trust", keys.pub().toString()).expect(2);
    cli.run("restore", archive.toString(), "--target", tmp.resolve("t.git").toString(), "--trust",
        keys.pub().toString(), "--publish-deps", "npm=ftp://127.0.0.1/").expect(2);
    // the key in --config, as a list
    Path config = tmp.resolve("archiver.yaml");
    Files.writeString(config, "publish-deps: [ \"npm=http://127.0.0.1:9/\", \"npm=http://127.0.0.1:8/\" ]\n");
    CliRunner.Run configured = cli.run("restore", "--config", config.toString(), archive.toString(), "--target",
        tmp.resolve("t.git").toString(), "--trust", keys.pub().toString()).expect(2);
    assertTrue(configured.err().contains("names npm twice"), configured.err());
  }

  @Test
  void restoreDryRunWithPublishDeps_readsTheRegistryAndListsWhatWouldBePublished_writingNothing() throws Exception {
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, PASSWORD)) {
      String token = verdaccio.login(USER, PASSWORD);
      cli.env("PUBLISH_NPM_TOKEN", token);
      Path target = tmp.resolve("target.git");
      git(tmp, "init", "-q", "--bare", target.toString());
      CliRunner.Run dry = cli.run("restore", archive.toString(), "--target", target.toString(), "--trust",
          keys.pub().toString(), "--publish-deps", "npm=" + verdaccio.url(), "--dry-run", "--json").expect(0);
      JsonNode counts = Json.mapper().readTree(dry.out()).path("dependencies_published").path("counts");
      assertEquals(2, counts.path("would_publish").asInt(), dry.out());
      assertEquals(null, verdaccio.document("tiny-a", token), "a dry run publishes nothing");
      assertEquals("", git(target, "for-each-ref").strip(), "and pushes nothing");
    }
  }
}
