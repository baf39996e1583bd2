package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * npm vendoring against a loopback registry made with stock {@code npm pack}, proven with stock
 * {@code npm ci --offline}, {@code yarn install} and {@code pnpm install}: each client of {@link
 * NpmClients} run by its absolute path (and given to setup-npm.sh as the first on its PATH), never
 * the machine's. The lock-file round trips run once per client version they name; the other tests
 * use the pinned npm.
 */
class NpmVendoringTest {
  private static final String SECRET = "s3cret-npm-pass";
  private static final String PUBLIC = "https://registry.npmjs.org/";
  private static final NpmClients.Client NPM = NpmClients.NPM_11;

  /** A failing run of a client names it and its version (the run's display name), whatever a report shows. */
  @RegisterExtension
  static final TestExecutionExceptionHandler NAMES_THE_CLIENT = (context, thrown) -> {
    if (context.getRequiredTestMethod().isAnnotationPresent(ParameterizedTest.class)) {
      throw new AssertionError(context.getDisplayName() + ": " + thrown.getMessage(), thrown);
    }
    throw thrown;
  };

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path registryRoot;
  private NpmFixtures.Pkg a;
  private NpmFixtures.Pkg b;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp).env("DEPS_NPM_USERNAME", "ci").env("DEPS_NPM_PASSWORD", SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    registryRoot = tmp.resolve("registry");
    b = NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.1", Map.of());
    a = NpmFixtures.pack(tmp, registryRoot, "tiny-a", "1.0.0", Map.of("@s/tiny-b", "^2.0.0"), "MIT");
  }

  private Path sourceRepo(List<NpmFixtures.Pkg> top, List<NpmFixtures.Pkg> all) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeProject(src.resolve("web"), top, all, PUBLIC);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app");
    return src;
  }

  private CliRunner.Run create(Path src, Path out, RegistryServer registry, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--npm-registry", registry.url()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static Path extract(Path archive, Path dir) throws Exception {
    Files.createDirectories(dir);
    assertEquals(0, Fixtures.exec(dir, "tar", "xzf", archive.toString()).exitCode());
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.airgap.archiver.cli.NpmClients#npms")
  void lockfilePackages_areVendoredThroughAMirrorWithCredentials_andNpmCiOfflineInstallsThem(NpmClients.Client npm)
      throws Exception {
    Map<String, String> clients = NpmClients.env(npm);
    Path src = sourceRepo(List.of(a), List.of(a, b));
    Path archive;
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), registry).expect(0);
      assertFalse(run.all().contains(SECRET), run.all());
      assertFalse(registry.sawWrongAuth(), "every request carried the mirror's credentials");
      archive = Fixtures.onlyArchive(tmp.resolve("out"));
    }
    Path x = extract(archive, tmp.resolve("x"));
    String sums = Files.readString(x.resolve("SHA256SUMS"));
    assertTrue(sums.contains("  dependencies/npm/tiny-a/-/tiny-a-1.0.0.tgz\n"), sums);
    assertTrue(sums.contains("  dependencies/npm/@s/tiny-b/-/tiny-b-2.0.1.tgz\n"), sums);
    assertTrue(sums.contains("  dependencies/sbom.cdx.json\n"), sums);
    assertEquals(0, Fixtures.exec(x, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS").exitCode());
    assertEquals(Files.readAllBytes(registryRoot.resolve(a.registryPath())).length,
        Files.size(x.resolve("dependencies/npm/tiny-a/-/tiny-a-1.0.0.tgz")));

    String manifestText = Files.readString(x.resolve("manifest.json"));
    assertFalse(manifestText.contains(SECRET) || manifestText.contains("127.0.0.1"), manifestText);
    JsonNode deps = Json.mapper().readTree(manifestText).path("dependencies");
    assertEquals(2, deps.size(), deps.toString());
    JsonNode recB = deps.get(0).path("name").asText().equals("@s/tiny-b") ? deps.get(0) : deps.get(1);
    assertEquals("npm", recB.path("ecosystem").asText());
    assertEquals("2.0.1", recB.path("version").asText());
    assertEquals("dependencies/npm/@s/tiny-b/-/tiny-b-2.0.1.tgz", recB.path("path").asText());
    assertEquals(b.integrity(), recB.path("integrity").asText());
    assertEquals(64, recB.path("sha256").asText().length());
    assertEquals("refs/heads/main:web/package-lock.json", recB.path("found_in").get(0).asText());

    byte[] sbomBytes = Files.readAllBytes(x.resolve("dependencies/sbom.cdx.json"));
    assertEquals(List.of(), new org.cyclonedx.parsers.JsonParser().validate(sbomBytes, org.cyclonedx.Version.VERSION_16),
        "the SBOM is valid CycloneDX 1.6");
    JsonNode sbom = Json.mapper().readTree(sbomBytes);
    assertEquals("CycloneDX", sbom.path("bomFormat").asText());
    List<String> purls = new ArrayList<>();
    sbom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
    assertEquals(List.of("pkg:npm/%40s/tiny-b@2.0.1", "pkg:npm/tiny-a@1.0.0"), purls);
    assertTrue(sbom.path("components").get(0).path("hashes").toString().contains("SHA-512"), sbom.toString());
    assertEquals("MIT", sbom.path("components").get(1).path("licenses").get(0).path("license").path("id").asText(),
        "the licence package.json declares: " + sbom.path("components").get(1));

    CliRunner.Run inspect = cli.run("inspect", archive.toString()).expect(0);
    assertTrue(inspect.out().contains("npm: 2 files, found in refs/heads/main:web/package-lock.json"), inspect.out());

    // The registry is gone: the air-gapped side has only the archive.
    Path home = tmp.resolve("home-archive");
    Tools.run(x, home, clients, "sh", "restore-scripts/setup-npm.sh").expectSuccess("setup-npm.sh");
    assertTrue(Files.readString(home.resolve(".npmrc")).contains("offline=true"));
    Path app = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("app1"));
    Tools.run(app, home, clients, npm.command(), "ci", "--offline", "--no-audit", "--no-fund")
        .expectSuccess(npm + " ci --offline");
    Tools.Result node = Tools.run(app, home, clients, "node", "-e", "console.log(require('tiny-a'), require('@s/tiny-b'))");
    assertEquals("tiny-a@1.0.0 @s/tiny-b@2.0.1", node.expectSuccess("node").output().strip());

    // restore --deps-dir lays the same out for a user whose ~/.npmrc already exists (it is kept).
    Path deps2 = tmp.resolve("deps");
    cli.run("restore", archive.toString(), "--target", tmp.resolve("target.git").toString(), "--trust",
        keys.pub().toString(), "--deps-dir", deps2.toString()).expect(0);
    assertTrue(Files.isRegularFile(deps2.resolve("npm/@s/tiny-b/-/tiny-b-2.0.1.tgz")));
    assertTrue(Files.isRegularFile(deps2.resolve("sbom.cdx.json")));
    Path home2 = Files.createDirectories(tmp.resolve("home-deps-dir"));
    Files.writeString(home2.resolve(".npmrc"), "fund=false\n");
    Tools.run(tmp, home2, clients, "sh", deps2.resolve("setup-npm.sh").toString()).expectSuccess("setup-npm.sh");
    try (var files = Files.list(home2)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(".npmrc.bak-")), "the old .npmrc was kept");
    }
    Path app2 = cloneWeb(tmp.resolve("target.git"), tmp.resolve("app2"));
    Tools.run(app2, home2, clients, npm.command(), "ci", "--offline", "--no-audit", "--no-fund")
        .expectSuccess(npm + " ci --offline");
    assertTrue(Files.isRegularFile(app2.resolve("node_modules/@s/tiny-b/index.js")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.airgap.archiver.cli.NpmClients#npms")
  void lockfileWithoutResolvedUrls_carriesTrimmedRegistryDocuments_andNpmCiOfflineInstallsExactlyTheLockedVersions(
      NpmClients.Client npm) throws Exception {
    Map<String, String> clients = NpmClients.env(npm);
    publishNewerB(); // were npm to resolve afresh it would take 2.0.2, the lock file pins 2.0.1
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeProject(src.resolve("web"), List.of(a), List.of(a, b), null);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app, lock file without resolved URLs");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      create(src, tmp.resolve("out"), registry).expect(0);
      assertTrue(registry.requests().contains("/@s/tiny-b"), registry.requests().toString());
      assertFalse(registry.sawWrongAuth());
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    assertEquals(0, Fixtures.exec(x, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS").exitCode());
    JsonNode docB = Json.mapper().readTree(x.resolve("dependencies/npm/@s/tiny-b/index.json").toFile());
    assertEquals(List.of("2.0.1"), fieldNames(docB.path("versions")), "trimmed to the vendored version");
    assertEquals(b.integrity(), docB.path("versions").path("2.0.1").path("dist").path("integrity").asText());
    assertEquals(0, docB.path("dist-tags").size(), "latest named a version the archive does not carry");
    assertTrue(Files.isRegularFile(x.resolve("dependencies/npm/tiny-a/index.json")));
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    assertEquals(4, deps.size(), "two tarballs and two registry documents: " + deps);

    // Control: the tarballs alone do not do, npm asks for the documents (ENOTCACHED).
    Path tarballsOnly = tmp.resolve("tarballs-only");
    Fixtures.exec(tmp, "cp", "-r", x.resolve("dependencies").toString(), tarballsOnly.toString());
    Fixtures.exec(tmp, "find", tarballsOnly.toString(), "-name", "index.json", "-delete");
    Path controlHome = tmp.resolve("home-control");
    Tools.run(tmp, controlHome, clients, "sh", x.resolve("restore-scripts/setup-npm.sh").toString(),
        tarballsOnly.toString()).expectSuccess("setup-npm.sh");
    Path control = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("control"));
    Tools.Result refused = Tools.run(control, controlHome, clients, npm.command(), "ci", "--offline", "--no-audit",
        "--no-fund");
    assertTrue(refused.exitCode() != 0 && refused.output().contains("ENOTCACHED"), refused.output());

    Path home = tmp.resolve("home");
    Tools.Result setup = Tools.run(x, home, clients, "sh", "restore-scripts/setup-npm.sh").expectSuccess("setup-npm.sh");
    assertTrue(setup.output().contains("2 package(s) and 2 registry document(s)"), setup.output());
    Path app = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("app"));
    Tools.run(app, home, clients, npm.command(), "ci", "--offline", "--no-audit", "--no-fund")
        .expectSuccess(npm + " ci --offline");
    Tools.Result node = Tools.run(app, home, clients, "node", "-e",
        "console.log(require('tiny-a'), require('@s/tiny-b'), require('@s/tiny-b/package.json').version)");
    assertEquals("tiny-a@1.0.0 @s/tiny-b@2.0.1 2.0.1", node.expectSuccess("node").output().strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.airgap.archiver.cli.NpmClients#yarnClassics")
  void yarnClassicLockfile_isVendored_andYarnInstallOfflineFrozenLockfileInstallsExactlyTheLockedVersions(
      NpmClients.Client yarn) throws Exception {
    Map<String, String> clients = NpmClients.env(yarn);
    NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.2", Map.of()); // newer, but not what yarn.lock pins
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeYarnProject(src.resolve("web"), registryRoot, List.of(a), List.of(a, b),
        "https://registry.yarnpkg.com/");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app with yarn");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      create(src, tmp.resolve("out"), registry).expect(0);
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    assertTrue(Files.isRegularFile(x.resolve("dependencies/npm/@s/tiny-b/-/tiny-b-2.0.1.tgz")));
    assertFalse(Files.exists(x.resolve("dependencies/npm/@s/tiny-b/-/tiny-b-2.0.2.tgz")));
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    assertEquals(2, deps.size(), deps.toString());
    assertEquals("refs/heads/main:web/yarn.lock", deps.get(0).path("found_in").get(0).asText());

    Path home = tmp.resolve("home");
    Tools.Result setup = Tools.run(x, home, clients, "sh", "restore-scripts/setup-npm.sh").expectSuccess("setup-npm.sh");
    assertTrue(setup.output().contains("yarn's offline mirror is"), setup.output());
    Path app = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("app"));
    Tools.run(app, home, clients, yarn.command(), "install", "--offline", "--frozen-lockfile", "--non-interactive")
        .expectSuccess(yarn + " install --offline --frozen-lockfile");
    Tools.Result node = Tools.run(app, home, clients, "node", "-e",
        "console.log(require('tiny-a'), require('@s/tiny-b'), require('@s/tiny-b/package.json').version)");
    assertEquals("tiny-a@1.0.0 @s/tiny-b@2.0.1 2.0.1", node.expectSuccess("node").output().strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.airgap.archiver.cli.NpmClients#pnpms")
  void pnpmLockfilesV9AndV6_carryStoreAndMetadata_andPnpmInstallOfflineFrozenLockfileInstallsExactlyTheLockedVersions(
      NpmClients.Client pnpm) throws Exception {
    publishNewerB(); // were pnpm to resolve afresh it would take 2.0.2, the lock files pin 2.0.1
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writePnpmProject(src.resolve("web"), List.of(a), List.of(a, b), 9);
    NpmFixtures.writePnpmProject(src.resolve("web6"), List.of(a), List.of(a, b), 6);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web apps with pnpm lock files");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      create(src, tmp.resolve("out"), registry).expect(0);
      assertFalse(registry.sawWrongAuth());
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    assertFalse(Files.exists(x.resolve("dependencies/npm/@s/tiny-b/-/tiny-b-2.0.2.tgz")));
    JsonNode docB = Json.mapper().readTree(x.resolve("dependencies/npm/@s/tiny-b/index.json").toFile());
    assertEquals(List.of("2.0.1"), fieldNames(docB.path("versions")), "trimmed to the locked version");
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    assertEquals(4, deps.size(), "two tarballs and two registry documents: " + deps);
    List<String> foundIn = new ArrayList<>();
    deps.get(0).path("found_in").forEach(f -> foundIn.add(f.asText()));
    assertEquals(List.of("refs/heads/main:web/pnpm-lock.yaml", "refs/heads/main:web6/pnpm-lock.yaml"), foundIn);

    String versions = "console.log(require('tiny-a'), require(require.resolve('@s/tiny-b/package.json',"
        + " {paths: [require.resolve('tiny-a')]})).version)";
    Map<String, String> clients = NpmClients.env(pnpm);
    List<Integer> lockfiles = lockfilesRead(pnpm);

    // Control: the tarballs in pnpm's store (`pnpm store add`) and nothing else
    Path control = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("control")).resolveSibling(project(lockfiles.get(0)));
    Path controlHome = tmp.resolve("home-control");
    Tools.run(control, controlHome, clients, pnpm.command(), "store", "add",
        x.resolve("dependencies/npm/tiny-a/-/tiny-a-1.0.0.tgz").toString(),
        x.resolve("dependencies/npm/@s/tiny-b/-/tiny-b-2.0.1.tgz").toString()).expectSuccess(pnpm + " store add");
    Tools.Result storeAlone = Tools.run(control, controlHome, clients, pnpm.command(), "install", "--offline",
        "--frozen-lockfile");
    String refusal = storeAloneRefusal(pnpm);
    if (refusal == null) {
      storeAlone.expectSuccess(pnpm + " install --offline --frozen-lockfile from what store add filed");
      assertEquals("tiny-a@1.0.0 2.0.1", Tools.run(control, controlHome, clients, "node", "-e", versions)
          .expectSuccess("node").output().strip());
    } else {
      assertTrue(storeAlone.exitCode() != 0 && storeAlone.output().contains(refusal), storeAlone.output());
    }

    Path home = tmp.resolve("home");
    Tools.Result setup = Tools.run(x, home, clients, "sh", "restore-scripts/setup-npm.sh").expectSuccess("setup-npm.sh");
    assertTrue(setup.output().contains(setupSays(pnpm)), setup.output());
    for (int lockfile : lockfiles) {
      Path app = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("app" + lockfile)).resolveSibling(project(lockfile));
      Tools.run(app, home, clients, pnpm.command(), "install", "--offline", "--frozen-lockfile")
          .expectSuccess(pnpm + " install --offline --frozen-lockfile (lockfile v" + lockfile + ")");
      // pnpm links only direct dependencies into node_modules: tiny-b is found from tiny-a
      assertEquals("tiny-a@1.0.0 2.0.1", Tools.run(app, home, clients, "node", "-e", versions).expectSuccess("node")
          .output().strip(), "lockfile v" + lockfile);
    }
  }

  /** The folder of the pnpm test's project locked with {@code lockfile}. */
  private static String project(int lockfile) {
    return lockfile == 9 ? "web" : "web6";
  }

  /**
   * The lock-file versions {@code pnpm} installs from (newest first): pnpm 8 reads v6 only (a v9 one
   * is ERR_PNPM_LOCKFILE_BREAKING_CHANGE), pnpm 9 reads both, pnpm 10 and later v9 only.
   */
  private static List<Integer> lockfilesRead(NpmClients.Client pnpm) {
    return switch (pnpm.major()) {
      case 8 -> List.of(6);
      case 9 -> List.of(9, 6);
      default -> List.of(9);
    };
  }

  /**
   * What {@code pnpm install --offline --frozen-lockfile} says with only what {@code pnpm store add}
   * filed, or null where that installs: pnpm 8 and 9 find a package in their store by its integrity;
   * pnpm 10 by its integrity and package id, and store add files a tarball under the file's id; pnpm 11
   * and later check each locked package against registry metadata even offline.
   */
  private static String storeAloneRefusal(NpmClients.Client pnpm) {
    return pnpm.major() <= 9 ? null : pnpm.major() == 10 ? "ERR_PNPM_NO_OFFLINE_TARBALL" : "ERR_PNPM_NO_OFFLINE_META";
  }

  /** What setup-npm.sh reports having done for {@code pnpm}. */
  private static String setupSays(NpmClients.Client pnpm) {
    return pnpm.major() <= 9 ? "added 2 package(s) to pnpm's store: pnpm install"
        : pnpm.major() == 10 ? "added 2 package(s) to pnpm's store (filed under their package ids): pnpm install"
        : "added 2 package(s) to pnpm's store and their registry documents to its metadata cache";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.airgap.archiver.cli.NpmClients#yarnBerries")
  void yarnBerryLockfile_carriesYarnsCacheZips_andYarnInstallImmutableOfflineInstallsExactlyTheLockedVersions(
      NpmClients.Client yarn) throws Exception {
    Map<String, String> clients = NpmClients.env(yarn);
    NpmFixtures.Pkg b2 = NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.2", Map.of());
    // folders and an executable, which yarn's zip records with their own entries and modes
    NpmFixtures.Pkg tool = NpmFixtures.pack(tmp, registryRoot, "tiny-tool", "0.3.0", Map.of(), null,
        Map.of("lib/deep/helper.js", "module.exports = 'deep';\n", "bin/tool.js", "#!/usr/bin/env node\n"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path web = src.resolve("web");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      NpmFixtures.writeDocument(registryRoot, List.of(b, b2), registry.url());
      NpmFixtures.writeDocument(registryRoot, List.of(a), registry.url());
      NpmFixtures.writeDocument(registryRoot, List.of(tool), registry.url());
      // the lock file as yarn 4 writes it against the company registry
      NpmFixtures.writeProject(web, List.of(a, tool), List.of(a, b2, tool), PUBLIC);
      Files.delete(web.resolve("package-lock.json"));
      Tools.run(web, tmp.resolve("home-lock"), Map.of("PATH", clients.get("PATH"),
          "YARN_NPM_REGISTRY_SERVER", registry.url(),
          "YARN_UNSAFE_HTTP_WHITELIST", "127.0.0.1", "YARN_NPM_AUTH_IDENT", "ci:" + SECRET, "YARN_NPM_ALWAYS_AUTH", "true",
          "YARN_ENABLE_IMMUTABLE_INSTALLS", "false", "YARN_NPM_MINIMAL_AGE_GATE", "0", "YARN_ENABLE_TELEMETRY", "0"),
          yarn.command(), "install").expectSuccess(yarn + " install (writing yarn.lock)");
      for (String made : List.of(".pnp.cjs", ".pnp.loader.mjs", ".yarn")) {
        Fixtures.exec(web, "rm", "-rf", made);
      }
      assertTrue(Files.readString(web.resolve("yarn.lock")).contains("resolution: \"@s/tiny-b@npm:2.0.2\""));
      // published after the lock file was written: not what it pins
      NpmFixtures.Pkg b3 = NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.3", Map.of());
      NpmFixtures.writeDocument(registryRoot, List.of(b, b2, b3), registry.url());
      git(src, "add", "-A");
      git(src, "commit", "-q", "-m", "web app with yarn 4");
      create(src, tmp.resolve("out"), registry).expect(0);
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    List<String> zips = new ArrayList<>();
    try (var files = Files.list(x.resolve("dependencies/npm/yarn-berry"))) {
      files.forEach(f -> zips.add(f.getFileName().toString()));
    }
    zips.sort(null);
    assertEquals(3, zips.size(), zips.toString());
    assertTrue(zips.get(0).startsWith("@s-tiny-b-npm-2.0.2-") && zips.get(0).endsWith("-10c0.zip"), zips.toString());
    assertTrue(zips.get(1).startsWith("tiny-a-npm-1.0.0-"), zips.toString());
    assertTrue(zips.get(2).startsWith("tiny-tool-npm-0.3.0-"), zips.toString());
    assertEquals(0, Fixtures.exec(x, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS").exitCode());

    Map<String, String> offline = Map.of("PATH", clients.get("PATH"), "YARN_ENABLE_NETWORK", "0",
        "YARN_NODE_LINKER", "node-modules", "YARN_ENABLE_TELEMETRY", "0");
    // Control: without the archive's zips yarn cannot install offline.
    Path control = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("control"));
    Tools.Result refused = Tools.run(control, tmp.resolve("home-control"), offline, yarn.command(), "install",
        "--immutable");
    assertTrue(refused.exitCode() != 0, refused.output());

    Path home = tmp.resolve("home");
    Tools.Result setup = Tools.run(x, home, offline, "sh", "restore-scripts/setup-npm.sh").expectSuccess("setup-npm.sh");
    assertTrue(setup.output().contains("copied 3 yarn cache zip(s)"), setup.output());
    Path app = cloneWeb(x.resolve("repo.bundle"), tmp.resolve("app"));
    Tools.run(app, home, offline, yarn.command(), "install", "--immutable")
        .expectSuccess(yarn + " install --immutable");
    Tools.Result node = Tools.run(app, home, clients, "node", "-e",
        "console.log(require('tiny-a'), require('@s/tiny-b/package.json').version, require('tiny-tool/lib/deep/helper'))");
    assertEquals("tiny-a@1.0.0 2.0.2 deep", node.expectSuccess("node").output().strip());
    assertTrue(Files.isExecutable(app.resolve("node_modules/tiny-tool/bin/tool.js")), "the mode came through the zip");
  }

  @Test
  void yarnBerryZipNotMatchingTheLockFile_failsAsAChecksumMismatch() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path web = Files.createDirectories(src.resolve("web"));
    Files.writeString(web.resolve("package.json"), "{\"name\": \"app\", \"dependencies\": {\"tiny-a\": \"1.0.0\"}}\n");
    Files.writeString(web.resolve("yarn.lock"), "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"
        + "\"tiny-a@npm:1.0.0\":\n  version: 1.0.0\n  resolution: \"tiny-a@npm:1.0.0\"\n"
        + "  checksum: 10c0/" + "ab".repeat(64) + "\n  languageName: node\n  linkType: hard\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "yarn 4 lock file pinning other content");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), registry, "--deps-best-effort").expect(1);
      assertTrue(run.err().contains("npm tiny-a@1.0.0 (yarn cache zip): checksum mismatch: the cache zip of the"
          + " registry's tarball has SHA-512 "), run.err());
      assertTrue(run.err().contains("yarn.lock pins " + "ab".repeat(64)), run.err());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty(), "no archive was written");
  }

  @Test
  void registryDocumentDisagreeingWithTheLockFile_failsAsAChecksumMismatch() throws Exception {
    NpmFixtures.Pkg other = NpmFixtures.pack(tmp.resolve("other"), tmp.resolve("other-registry"), "@s/tiny-b", "2.0.1",
        Map.of("tiny-a", "1.0.0"));
    NpmFixtures.writeDocument(tmp.resolve("other-registry"), List.of(other));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeProject(src.resolve("web"), List.of(b), List.of(b), null);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app, lock file without resolved URLs");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      registry.override("/@s/tiny-b", Files.readAllBytes(tmp.resolve("other-registry/@s/tiny-b/index.json")));
      CliRunner.Run run = create(src, tmp.resolve("out"), registry, "--deps-best-effort").expect(1);
      assertTrue(run.err().contains("npm @s/tiny-b@2.0.1: checksum mismatch: the registry's document declares"),
          run.err());
      assertFalse(run.err().contains("Exception"), run.err());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty(), "no archive was written");
  }

  /** Publishes @s/tiny-b 2.0.2, which tiny-a's ^2.0.0 allows, and the registry documents of both packages. */
  private void publishNewerB() throws Exception {
    NpmFixtures.Pkg newerB = NpmFixtures.pack(tmp, registryRoot, "@s/tiny-b", "2.0.2", Map.of());
    NpmFixtures.writeDocument(registryRoot, List.of(b, newerB));
    NpmFixtures.writeDocument(registryRoot, List.of(a));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void registryServingOtherContent_failsNamingThePackage() throws Exception {
    Path src = sourceRepo(List.of(a), List.of(a, b));
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      registry.override("/@s/tiny-b/-/tiny-b-2.0.1.tgz", "not the package".getBytes(StandardCharsets.UTF_8));
      CliRunner.Run run = create(src, tmp.resolve("out"), registry, "--deps-best-effort").expect(1);
      assertTrue(run.err().contains("npm @s/tiny-b@2.0.1: checksum mismatch"), run.err());
      assertTrue(run.err().contains(b.integrity()), run.err());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty(), "no archive was written");
  }

  @Test
  void unfetchablePackages_failListingEach_unlessBestEffortRecordsThemMissing() throws Exception {
    NpmFixtures.Pkg ghost = new NpmFixtures.Pkg("ghost", "9.9.9", Map.of(), "ghost/-/ghost-9.9.9.tgz", a.integrity());
    Path src = sourceRepo(List.of(a, ghost), List.of(a, b, ghost));
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run failed = create(src, tmp.resolve("out"), registry).expect(1);
      assertTrue(failed.err().contains("1 dependency could not be fetched"), failed.err());
      assertTrue(failed.err().contains("npm ghost@9.9.9: not found at " + registry.url()
          + "ghost/-/ghost-9.9.9.tgz (HTTP 404)"), failed.err());

      create(src, tmp.resolve("out"), registry, "--deps-best-effort").expect(0);
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    List<String> missing = new ArrayList<>();
    deps.forEach(d -> {
      if (d.path("missing").asBoolean()) {
        missing.add(d.path("name").asText() + "@" + d.path("version").asText());
      }
    });
    assertEquals(List.of("ghost@9.9.9"), missing);
    assertTrue(Files.isRegularFile(x.resolve("dependencies/npm/tiny-a/-/tiny-a-1.0.0.tgz")));
  }

  @Test
  void incrementalArchive_carriesOnlyPackagesItsChainDoesNotHave() throws Exception {
    Path src = sourceRepo(List.of(b), List.of(b));
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      create(src, tmp.resolve("out1"), registry).expect(0);
      NpmFixtures.writeProject(src.resolve("web"), List.of(a), List.of(a, b), PUBLIC);
      git(src, "commit", "-q", "-am", "add tiny-a");
      create(src, tmp.resolve("out2"), registry, "--incremental", "--base",
          Fixtures.onlyArchive(tmp.resolve("out1")).toString()).expect(0);
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out2")), tmp.resolve("x2"));
    assertTrue(Files.isRegularFile(x.resolve("dependencies/npm/tiny-a/-/tiny-a-1.0.0.tgz")));
    assertFalse(Files.exists(x.resolve("dependencies/npm/@s")), "tiny-b came with the base archive");
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    for (JsonNode d : deps) {
      assertEquals(d.path("name").asText().equals("@s/tiny-b"), d.path("in_base").asBoolean(), d.toString());
    }

    // Restoring the chain into one --deps-dir adds up to everything npm ci needs.
    Path depsDir = tmp.resolve("deps");
    cli.run("restore", tmp.resolve("out1").toString(), tmp.resolve("out2").toString(), "--target",
        tmp.resolve("target.git").toString(), "--trust", keys.pub().toString(), "--deps-dir", depsDir.toString())
        .expect(0);
    Path home = tmp.resolve("home");
    Map<String, String> clients = NpmClients.env(NPM);
    Tools.run(tmp, home, clients, "sh", depsDir.resolve("setup-npm.sh").toString()).expectSuccess("setup-npm.sh");
    Path app = cloneWeb(tmp.resolve("target.git"), tmp.resolve("app"));
    Tools.run(app, home, clients, NPM.command(), "ci", "--offline", "--no-audit", "--no-fund")
        .expectSuccess(NPM + " ci --offline");
  }

  @Test
  void depsRefs_alsoScansOtherRefTips_andInspectListsWhereDependenciesWereFound() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    git(src, "checkout", "-q", "-b", "release/2.x");
    NpmFixtures.writeProject(src.resolve("web"), List.of(b), List.of(b), PUBLIC);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app on the release branch");
    git(src, "checkout", "-q", "main");
    try (RegistryServer registry = RegistryServer.serve(registryRoot).requireBasicAuth("ci", SECRET)) {
      create(src, tmp.resolve("main-only"), registry).expect(0);
      create(src, tmp.resolve("with-release"), registry, "--deps-refs", "refs/heads/release/*").expect(0);
    }
    Path mainOnly = extract(Fixtures.onlyArchive(tmp.resolve("main-only")), tmp.resolve("x1"));
    assertFalse(Files.exists(mainOnly.resolve("dependencies")), "the default branch pins nothing");
    assertEquals(0, Json.mapper().readTree(mainOnly.resolve("manifest.json").toFile()).path("dependencies").size());

    CliRunner.Run inspect = cli.run("inspect", "--json", Fixtures.onlyArchive(tmp.resolve("with-release")).toString())
        .expect(0);
    JsonNode npm = Json.mapper().readTree(inspect.out()).path("dependency_sources").path("npm");
    assertEquals(1, npm.path("files").asInt(), inspect.out());
    assertEquals(0, npm.path("missing").asInt());
    assertEquals("refs/heads/release/2.x:web/package-lock.json", npm.path("found_in").get(0).asText());
  }

  private Path cloneWeb(Path from, Path dir) {
    git(tmp, "clone", "-q", from.toString(), dir.toString());
    return dir.resolve("web");
  }
}
