package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish-deps go=URL} to stock httpd with mod_dav (basic auth for writes), proven with stock
 * {@code go mod download} and {@code go build} using that server as its only GOPROXY, with an
 * empty module cache and the app's own go.sum checking every module.
 */
class GoPublishTest {
  private static final String USER = "publisher";
  private static final String SECRET = "s3cret-go-publish";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private final List<Path> homes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp).env("PUBLISH_GO_USERNAME", USER).env("PUBLISH_GO_PASSWORD", SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void cleanModuleCaches() throws Exception {
    for (Path home : homes) { // the go command leaves its module cache read-only
      Tools.run(tmp, home, Map.of("GOFLAGS", "-modcacherw"), "go", "clean", "-modcache");
    }
  }

  @Test
  void publishDeps_writesAGoproxyTree_stockGoDownloadsAndBuildsFromHttpdAlone_rerunChangesNothing() throws Exception {
    Path proxy = tmp.resolve("proxy");
    GoFixtures.module(proxy, "example.com/tiny/b", "v0.2.0", "module example.com/tiny/b\n\ngo 1.19\n",
        Map.of("b.go", "package b\n\nfunc B() string { return \"b2\" }\n"));
    GoFixtures.module(proxy, "example.com/tiny/Caps", "v1.0.0", "module example.com/tiny/Caps\n\ngo 1.19\n",
        Map.of("caps.go", "package caps\n\nfunc C() string { return \"C\" }\n"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "go.mod", "module example.com/app\n\ngo 1.19\n\nrequire (\n"
        + "\texample.com/tiny/Caps v1.0.0\n\texample.com/tiny/b v0.2.0\n)\n");
    SampleRepos.write(src, "main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\tcaps \"example.com/tiny/Caps\"\n"
        + "\t\"example.com/tiny/b\"\n)\n\nfunc main() { fmt.Println(b.B() + caps.C()) }\n");
    Path fixtureHome = tmp.resolve("home-fixture");
    homes.add(fixtureHome);
    Tools.run(src, fixtureHome, Map.of("GOPROXY", "file://" + proxy, "GOSUMDB", "off", "GOFLAGS", "-mod=mod"),
        "go", "mod", "tidy").expectSuccess("go mod tidy");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "go app");
    try (RegistryServer server = RegistryServer.serve(proxy)) {
      cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(), "--sign-key",
          keys.secret().toString(), "--goproxy", server.url()).expect(0);
    }
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));

    try (ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET, true)) {
      CliRunner.Run first = cli.run("publish-deps", archive.toString(), "go=" + httpd.url(), "--trust",
          keys.pub().toString(), "--json").expect(0);
      assertFalse(first.all().contains(SECRET));
      JsonNode counts = Json.mapper().readTree(first.out()).path("published").path("counts");
      assertEquals(2 * 3 + 2, counts.path("published").asInt(), first.out());
      assertTrue(Files.isRegularFile(httpd.repo().resolve("example.com/tiny/!caps/@v/v1.0.0.zip")), httpd.files().toString());
      assertEquals("v0.2.0\n", Files.readString(httpd.repo().resolve("example.com/tiny/b/@v/list")));

      Path home = tmp.resolve("home");
      homes.add(home);
      Files.createDirectories(home);
      // developers read anonymously (go sends credentials over https only); writes need the publisher's
      Map<String, String> env = Map.of("GOPROXY", httpd.url(), "GOSUMDB", "off", "GONOSUMDB", "", "GOPRIVATE", "");
      Path app = tmp.resolve("app");
      git(tmp, "clone", "-q", src.toString(), app.toString());
      Tools.run(app, home, env, "go", "mod", "download").expectSuccess("go mod download from httpd");
      Tools.run(app, home, env, "go", "build", "-o", "app", ".").expectSuccess("go build");
      assertEquals("b2C", Tools.run(app, home, env, "./app").expectSuccess("app").output().strip());
      assertEquals("example.com/tiny/b v0.2.0", Tools.run(app, home, env, "go", "list", "-m", "-versions",
          "example.com/tiny/b").expectSuccess("go list -m -versions").output().strip());

      CliRunner.Run second = cli.run("publish-deps", archive.toString(), "go=" + httpd.url(), "--trust",
          keys.pub().toString(), "--json").expect(0);
      JsonNode again = Json.mapper().readTree(second.out()).path("published").path("counts");
      assertEquals(0, again.path("published").asInt(), second.out());
      assertEquals(2 * 3 + 2, again.path("already_present").asInt(), second.out());
    }
  }
}
