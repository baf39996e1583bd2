package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that pins no plugin runs different plugins under each Maven line: the archive carries the
 * default-lifecycle plugins of every line, proven with the machine's own Maven 3.8 and with Maven
 * 3.9 and 4.0 distributions, each building {@code mvn -o package} from the archive alone.
 */
class MavenDefaultPluginsTest {
  private static final String PLUGINS = "dependencies/maven/org/apache/maven/plugins/";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  private Path sourceRepo() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.unpinnedProject(src);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build without pinned plugins");
    return src;
  }

  private CliRunner.Run create(Path src, Path out, RegistryServer server, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--maven-repo", server.url()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private Path extract(Path out, String name) throws Exception {
    Path x = Files.createDirectories(tmp.resolve(name));
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", Fixtures.onlyArchive(out).toString()).exitCode());
    return x;
  }

  @Test
  void unpinnedBuild_buildsOfflineUnderMaven38_39_and40_fromTheArchiveAlone() throws Exception {
    Path src = sourceRepo();
    try (RegistryServer server = RegistryServer.serve(tmp.resolve("repo")).withMavenFallback(MavenFixtures.localRepository())) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(0);
      assertTrue(run.err().contains("maven-resources-plugin is not pinned; vendoring 2.6 (Maven 3.6, 3.8), 3.4.0"
          + " (Maven 3.9), 3.3.1 (Maven 4.0)"), run.err());
      assertTrue(run.all().matches("(?s).*the default lifecycle plugins of Maven 3\\.6, 3\\.8, 3\\.9, 4\\.0 \\(for plugins"
          + " the POMs do not pin\\) add \\d+ file\\(s\\), [0-9.]+ [KMG]?i?B.*"), run.all());
    }
    Path x = extract(tmp.resolve("out"), "x");
    for (String jar : new String[] {"maven-resources-plugin/2.6/maven-resources-plugin-2.6.jar",
        "maven-resources-plugin/3.4.0/maven-resources-plugin-3.4.0.jar",
        "maven-resources-plugin/3.3.1/maven-resources-plugin-3.3.1.jar",
        "maven-compiler-plugin/3.1/maven-compiler-plugin-3.1.jar",
        "maven-jar-plugin/3.5.0/maven-jar-plugin-3.5.0.jar"}) {
      assertTrue(Files.isRegularFile(x.resolve(PLUGINS + jar)), jar);
    }

    Path home = tmp.resolve("home");
    Map<String, String> mavenUser = Map.of("MAVEN_OPTS", "-Duser.home=" + home);
    Tools.run(x, home, mavenUser, "sh", "restore-scripts/setup-maven.sh").expectSuccess("setup-maven.sh");

    // the machine's own Maven (Debian 12: 3.8.7)
    Tools.Result own = build(x, home, mavenUser, "mvn", "own");
    assertTrue(ranResources(own, "2.6"), own.output());

    for (String[] maven : new String[][] {{"3.9.16", "3.4.0"}, {"4.0.0-rc-4", "3.3.1"}}) {
      Path dist = Files.createDirectories(tmp.resolve("dist-" + maven[0]));
      assertEquals(0, Fixtures.exec(dist, "tar", "xzf", MavenFixtures.distribution(maven[0]).toString()).exitCode());
      String mvn = dist.resolve("apache-maven-" + maven[0] + "/bin/mvn").toString();
      Tools.Result result = build(x, home, mavenUser, mvn, maven[0]);
      assertTrue(ranResources(result, maven[1]), result.output());
    }
  }

  @Test
  void mavenVersions_carriesOnlyTheNamedLines_andRefusesAnUnknownOne() throws Exception {
    Path src = sourceRepo();
    try (RegistryServer server = RegistryServer.serve(tmp.resolve("repo")).withMavenFallback(MavenFixtures.localRepository())) {
      CliRunner.Run bad = create(src, tmp.resolve("bad"), server, "--maven-versions", "2.2.1").expect(2);
      assertTrue(bad.err().contains("--maven-versions: '2.2.1' is not a Maven line this tool knows; use 3.6, 3.8, 3.9, 4.0"),
          bad.err());
      assertFalse(bad.err().contains("Exception"), bad.err());
      create(src, tmp.resolve("out"), server, "--maven-versions", "3.8.7").expect(0);
    }
    Path x = extract(tmp.resolve("out"), "x");
    assertTrue(Files.isRegularFile(x.resolve(PLUGINS + "maven-resources-plugin/2.6/maven-resources-plugin-2.6.jar")));
    assertFalse(Files.exists(x.resolve(PLUGINS + "maven-resources-plugin/3.4.0")), "3.9's default was not asked for");
    assertFalse(Files.exists(x.resolve(PLUGINS + "maven-resources-plugin/3.3.1")), "4.0's default was not asked for");
  }

  @Test
  void mavenWrapper_itsDistributionIsVendored_andMvnwBuildsOfflineWithIt() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.unpinnedProject(src);
    MavenFixtures.wrapper(src, "3.9.16");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build with a wrapper");
    try (RegistryServer server = RegistryServer.serve(tmp.resolve("repo")).withMavenFallback(MavenFixtures.localRepository())) {
      create(src, tmp.resolve("out"), server, "--maven-versions", "3.9").expect(0);
    }
    Path x = extract(tmp.resolve("out"), "x");
    String url = "https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip";
    String folder = "apache-maven-3.9.16/" + Integer.toHexString(url.hashCode());
    assertEquals(folder + " org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip\n",
        Files.readString(x.resolve("dependencies/maven/wrapper-dists.txt")));
    assertTrue(Files.isRegularFile(x.resolve("dependencies/maven/org/apache/maven/apache-maven/3.9.16/"
        + "apache-maven-3.9.16-bin.zip")));

    Path home = tmp.resolve("home");
    Map<String, String> env = Map.of("MAVEN_OPTS", "-Duser.home=" + home, "MVNW_VERBOSE", "true");
    Tools.run(x, home, env, "sh", "restore-scripts/setup-maven.sh").expectSuccess("setup-maven.sh");
    Path app = tmp.resolve("app");
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    Tools.Result result = Tools.run(app, home, env, "./mvnw", "-o", "-B", "package").expectSuccess("./mvnw -o package");
    assertTrue(result.output().contains("found existing MAVEN_HOME at " + home.resolve(".m2/wrapper/dists/" + folder)),
        "the stock wrapper script found the vendored Maven where it looks, and downloaded nothing:\n" + result.output());
    assertTrue(ranResources(result, "3.4.0"), result.output());
    assertTrue(Files.isRegularFile(app.resolve("app/target/app-1.0.0.jar")));
  }

  @Test
  void coreExtensions_ofMvnExtensionsXml_areVendored_andMvnLoadsThemOffline() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.unpinnedProject(src);
    SampleRepos.write(src, ".mvn/extensions.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <extensions>
          <extension>
            <groupId>org.apiguardian</groupId>
            <artifactId>apiguardian-api</artifactId>
            <version>1.1.2</version>
          </extension>
        </extensions>
        """);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build with a core extension");
    try (RegistryServer server = RegistryServer.serve(tmp.resolve("repo")).withMavenFallback(MavenFixtures.localRepository())) {
      create(src, tmp.resolve("out"), server, "--maven-versions", "3.8").expect(0);
    }
    Path x = extract(tmp.resolve("out"), "x");
    assertTrue(Files.isRegularFile(x.resolve("dependencies/maven/org/apiguardian/apiguardian-api/1.1.2/"
        + "apiguardian-api-1.1.2.jar")));

    Path home = tmp.resolve("home");
    Map<String, String> mavenUser = Map.of("MAVEN_OPTS", "-Duser.home=" + home);
    Tools.run(x, home, mavenUser, "sh", "restore-scripts/setup-maven.sh").expectSuccess("setup-maven.sh");
    Tools.Result own = build(x, home, mavenUser, "mvn", "own");
    assertFalse(own.output().contains("apiguardian"), "the extension loaded without complaint:\n" + own.output());
  }

  /** Maven 3.8 logs {@code maven-resources-plugin:2.6:resources}, 3.9 and later {@code resources:3.4.0:resources}. */
  private static boolean ranResources(Tools.Result build, String version) {
    return build.output().contains("--- maven-resources-plugin:" + version + ":resources ")
        || build.output().contains("--- resources:" + version + ":resources ");
  }

  private Tools.Result build(Path x, Path home, Map<String, String> env, String mvn, String name) throws Exception {
    Path app = tmp.resolve("app-" + name);
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    Tools.Result result = Tools.run(app, home, env, mvn, "-o", "-B", "package").expectSuccess(mvn + " -o package");
    assertTrue(Files.isRegularFile(app.resolve("app/target/app-1.0.0.jar")), result.output());
    return result;
  }
}
