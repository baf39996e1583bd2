package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maven vendoring through Maven Resolver against a loopback repository (built from this machine's
 * local repository at test time, behind basic auth), proven with stock {@code mvn -o package}
 * whose only repository is the vendored one.
 */
class MavenVendoringTest {
  private static final String SECRET = "s3cret-maven-pass";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path repo;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp).env("DEPS_MAVEN_USERNAME", "ci").env("DEPS_MAVEN_PASSWORD", SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    repo = tmp.resolve("repo");
    MavenFixtures.corpParent(repo);
  }

  private Path sourceRepo() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.sampleProject(src);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build");
    return src;
  }

  private RegistryServer serve() throws Exception {
    return RegistryServer.serve(repo).withMavenFallback(MavenFixtures.localRepository()).requireBasicAuth("ci", SECRET);
  }

  private CliRunner.Run create(Path src, Path out, RegistryServer server) {
    return cli.run("create", "--source", src.toString(), "--output", out.toString(), "--sign-key",
        keys.secret().toString(), "--maven-repo", server.url());
  }

  @Test
  void multiModuleBuild_isVendoredWithParentsBomsAndPlugins_andStockMvnPackagesItOffline() throws Exception {
    Path src = sourceRepo();
    Path archive;
    try (RegistryServer server = serve()) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(0);
      assertFalse(run.all().contains(SECRET), run.all());
      assertFalse(server.sawWrongAuth(), "every request carried the mirror's credentials");
      archive = Fixtures.onlyArchive(tmp.resolve("out"));
    }
    Path x = tmp.resolve("x");
    Files.createDirectories(x);
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", archive.toString()).exitCode());
    Path m2 = x.resolve("dependencies/maven");
    for (String f : new String[] {
        "com/example/corp/corp-parent/1.0/corp-parent-1.0.pom",
        "com/fasterxml/jackson/jackson-bom/2.21.0/jackson-bom-2.21.0.pom",
        "com/fasterxml/jackson/core/jackson-databind/2.21.0/jackson-databind-2.21.0.jar",
        "com/fasterxml/jackson/core/jackson-core/2.21.0/jackson-core-2.21.0.jar",
        "org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar",
        "org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar",
        "org/apache/maven/plugins/maven-compiler-plugin/3.13.0/maven-compiler-plugin-3.13.0.jar",
        "org/apache/maven/plugins/maven-jar-plugin/3.4.2/maven-jar-plugin-3.4.2.jar"}) {
      assertTrue(Files.isRegularFile(m2.resolve(f)), f);
    }
    assertFalse(Files.exists(m2.resolve("com/example/sample")), "the build's own modules are not fetched");
    String manifest = Files.readString(x.resolve("manifest.json"));
    assertFalse(manifest.contains(SECRET) || manifest.contains("127.0.0.1"), manifest);
    assertTrue(manifest.contains("\"name\" : \"com.fasterxml.jackson.core:jackson-databind\"") || manifest.contains(
        "\"name\": \"com.fasterxml.jackson.core:jackson-databind\""), manifest.substring(0, Math.min(2000, manifest.length())));
    assertTrue(Files.readString(x.resolve("dependencies/sbom.cdx.json"))
        .contains("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.21.0"));
    java.util.Map<String, String> licences = new java.util.HashMap<>();
    io.airgap.archiver.internal.Json.mapper().readTree(x.resolve("dependencies/sbom.cdx.json").toFile()).path("components")
        .forEach(c -> licences.put(c.path("purl").asText(), c.path("licenses").path(0).path("license").path("id").asText()));
    assertEquals("Apache-2.0", licences.get("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.21.0"),
        "from the POM's <licenses>");
    assertEquals("MIT", licences.get("pkg:maven/org.slf4j/slf4j-api@2.0.17"), "from slf4j-bom, the grandparent POM");

    Path home = tmp.resolve("home");
    Map<String, String> mavenUser = Map.of("MAVEN_OPTS", "-Duser.home=" + home);
    Tools.run(x, home, mavenUser, "sh", "restore-scripts/setup-maven.sh").expectSuccess("setup-maven.sh");
    assertTrue(Files.readString(home.resolve(".m2/settings.xml")).contains("<localRepository>" + m2.toRealPath()));
    Path app = tmp.resolve("app");
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    Tools.Result mvn = Tools.run(app, home, mavenUser, "mvn", "-o", "-B", "package").expectSuccess("mvn -o package");
    assertTrue(mvn.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), "surefire ran lib's test with"
        + " its vendored JUnit Platform provider:\n" + mvn.output());
    assertTrue(Files.isRegularFile(app.resolve("app/target/app-1.0.0.jar")));
  }

  @Test
  void snapshotAndVersionRange_resolveAsTheConnectedSideSeesThem_recorded_andStockMvnPackagesThemOffline()
      throws Exception {
    MavenFixtures.companyRepository(repo, tmp.resolve("work"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.rangeAndSnapshotProject(src);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "build on a snapshot and a range");
    try (RegistryServer server = serve()) {
      create(src, tmp.resolve("out"), server).expect(0);
    }
    Path x = tmp.resolve("x");
    Files.createDirectories(x);
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", Fixtures.onlyArchive(tmp.resolve("out")).toString()).exitCode());
    Path m2 = x.resolve("dependencies/maven");
    assertTrue(Files.isRegularFile(m2.resolve("com/example/corp/corp-range/1.5/corp-range-1.5.jar")));
    assertFalse(Files.exists(m2.resolve("com/example/corp/corp-range/2.0")), "outside the range");
    assertFalse(Files.exists(m2.resolve("com/example/corp/corp-range/1.0/corp-range-1.0.jar")), "not the highest");
    assertTrue(Files.isRegularFile(m2.resolve("com/example/corp/corp-snap/1.0-SNAPSHOT/corp-snap-1.0-SNAPSHOT.jar")));
    String build3 = "1.0-" + MavenFixtures.SNAPSHOT_TIMESTAMP + "-3";
    // offline Maven picks a range's version from local metadata: it lists what the archive carries
    String metadata = Files.readString(m2.resolve("com/example/corp/corp-range/maven-metadata-local.xml"));
    assertTrue(metadata.contains("<versions>\n      <version>1.5</version>\n    </versions>"), metadata);

    Map<String, String> requested = new java.util.TreeMap<>();
    io.airgap.archiver.internal.Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies")
        .forEach(d -> {
          if (d.path("path").asText().endsWith(".jar") && d.path("name").asText().startsWith("com.example.corp:")) {
            requested.put(d.path("name").asText(), d.path("requested").asText() + " -> " + d.path("version").asText());
          }
        });
    assertEquals(Map.of("com.example.corp:corp-range", "[1.0,2.0) -> 1.5",
        "com.example.corp:corp-snap", "1.0-SNAPSHOT -> " + build3), requested);
    String sbom = Files.readString(x.resolve("dependencies/sbom.cdx.json"));
    assertTrue(sbom.contains("\"airgap:requested\"") && sbom.contains("[1.0,2.0)"), "the SBOM records the request");

    Path home = tmp.resolve("home");
    Map<String, String> mavenUser = Map.of("MAVEN_OPTS", "-Duser.home=" + home);
    Tools.run(x, home, mavenUser, "sh", "restore-scripts/setup-maven.sh").expectSuccess("setup-maven.sh");
    Path app = tmp.resolve("app");
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    // compiles only against build 3 of the snapshot and 1.5 of the range
    Tools.run(app, home, mavenUser, "mvn", "-o", "-B", "package").expectSuccess("mvn -o package");
    assertTrue(Files.isRegularFile(app.resolve("target/moving-app-1.0.0.jar")));
  }

  @Test
  void repositoryServingAnAlteredJar_failsNamingTheArtifact() throws Exception {
    Path src = sourceRepo();
    try (RegistryServer server = serve()) {
      server.override("/com/fasterxml/jackson/core/jackson-core/2.21.0/jackson-core-2.21.0.jar",
          "not a jar".getBytes(StandardCharsets.UTF_8));
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(1);
      assertTrue(run.err().contains("maven com.fasterxml.jackson.core:jackson-core:jar:2.21.0: checksum mismatch"),
          run.err());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty());
  }
}
