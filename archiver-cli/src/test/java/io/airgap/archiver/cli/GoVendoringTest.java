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
 * Go vendoring through a loopback GOPROXY built from module zips, with go.sum written by stock
 * {@code go mod tidy}; proven with stock {@code go mod download} and {@code go build} reading the
 * archive as {@code GOPROXY=file://…}.
 */
class GoVendoringTest {
  private static final String SECRET = "s3cret-goproxy-pass";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path proxy;
  private final List<Path> homes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp).env("DEPS_GO_USERNAME", "ci").env("DEPS_GO_PASSWORD", SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    proxy = tmp.resolve("proxy");
    GoFixtures.module(proxy, "example.com/tiny/b", "v0.1.0", "module example.com/tiny/b\n\ngo 1.19\n",
        Map.of("b.go", "package b\n\nfunc B() string { return \"b1\" }\n"));
    GoFixtures.module(proxy, "example.com/tiny/b", "v0.2.0", "module example.com/tiny/b\n\ngo 1.19\n",
        Map.of("b.go", "package b\n\nfunc B() string { return \"b2\" }\n"));
    GoFixtures.module(proxy, "example.com/tiny/a", "v1.0.0",
        // go 1.16: an unpruned module graph, so go.sum also holds b v0.1.0's go.mod hash (without its zip)
        "module example.com/tiny/a\n\ngo 1.16\n\nrequire example.com/tiny/b v0.1.0\n",
        Map.of("a.go", "package a\n\nimport \"example.com/tiny/b\"\n\nfunc A() string { return \"a+\" + b.B() }\n"));
    GoFixtures.module(proxy, "example.com/tiny/Caps", "v1.0.0", "module example.com/tiny/Caps\n\ngo 1.19\n",
        Map.of("caps.go", "package caps\n\nfunc C() string { return \"C\" }\n"));
  }

  @AfterEach
  void cleanModuleCaches() throws Exception {
    // the go command leaves its module cache read-only
    for (Path home : homes) {
      Tools.run(tmp, home, Map.of("GOFLAGS", "-modcacherw"), "go", "clean", "-modcache");
    }
  }

  private Path home(String name) {
    Path home = tmp.resolve(name);
    homes.add(home);
    return home;
  }

  /** The app, with go.sum as stock go writes it when resolving against the fixture proxy. */
  private Path sourceRepo() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "go.mod", "module example.com/app\n\ngo 1.19\n\nrequire (\n"
        + "\texample.com/tiny/Caps v1.0.0\n\texample.com/tiny/a v1.0.0\n\texample.com/tiny/b v0.2.0\n)\n");
    SampleRepos.write(src, "main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\tcaps \"example.com/tiny/Caps\"\n"
        + "\t\"example.com/tiny/a\"\n)\n\nfunc main() { fmt.Println(a.A() + caps.C()) }\n");
    Tools.run(src, home("home-fixture"), Map.of("GOPROXY", "file://" + proxy, "GOSUMDB", "off", "GOFLAGS", "-mod=mod"),
        "go", "mod", "tidy").expectSuccess("go mod tidy against the fixture proxy");
    String goSum = Files.readString(src.resolve("go.sum"));
    assertTrue(goSum.contains("example.com/tiny/b v0.1.0/go.mod h1:"), goSum);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "go app");
    return src;
  }

  private CliRunner.Run create(Path src, Path out, RegistryServer server) {
    return cli.run("create", "--source", src.toString(), "--output", out.toString(), "--sign-key",
        keys.secret().toString(), "--goproxy", server.url());
  }

  @Test
  void goSumModules_areVendoredAsAProxyTree_andStockGoDownloadsAndBuildsFromItOffline() throws Exception {
    Path src = sourceRepo();
    Path archive;
    try (RegistryServer server = RegistryServer.serve(proxy).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(0);
      assertFalse(run.all().contains(SECRET), run.all());
      archive = Fixtures.onlyArchive(tmp.resolve("out"));
    }
    Path x = tmp.resolve("x");
    Files.createDirectories(x);
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", archive.toString()).exitCode());
    Path go = x.resolve("dependencies/go");
    for (String f : List.of("example.com/tiny/a/@v/v1.0.0.info", "example.com/tiny/a/@v/v1.0.0.mod",
        "example.com/tiny/a/@v/v1.0.0.zip", "example.com/tiny/!caps/@v/v1.0.0.zip", "example.com/tiny/b/@v/v0.2.0.zip",
        "example.com/tiny/b/@v/v0.1.0.mod")) {
      assertTrue(Files.isRegularFile(go.resolve(f)), f);
    }
    assertFalse(Files.exists(go.resolve("example.com/tiny/b/@v/v0.1.0.zip")), "go.sum holds only v0.1.0's go.mod hash");
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    boolean sawZip = false;
    for (JsonNode d : deps) {
      if (d.path("path").asText().equals("dependencies/go/example.com/tiny/a/@v/v1.0.0.zip")) {
        sawZip = true;
        assertEquals("example.com/tiny/a", d.path("name").asText());
        assertEquals("v1.0.0", d.path("version").asText());
        assertTrue(Files.readString(src.resolve("go.sum")).contains("v1.0.0 " + d.path("integrity").asText()), d.toString());
      }
    }
    assertTrue(sawZip, deps.toString());
    assertTrue(Files.readString(x.resolve("dependencies/sbom.cdx.json")).contains("pkg:golang/example.com/tiny/a@v1.0.0"));

    Path home = home("home");
    Tools.run(x, home, Map.of(), "sh", "restore-scripts/setup-go.sh").expectSuccess("setup-go.sh");
    Path app = tmp.resolve("app");
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    Tools.run(app, home, Map.of(), "go", "mod", "download").expectSuccess("go mod download");
    Tools.run(app, home, Map.of(), "go", "build", "-o", "app", ".").expectSuccess("go build");
    assertEquals("a+b2C", Tools.run(app, home, Map.of(), "./app").expectSuccess("app").output().strip());

    // @v/list: the versions whose zip is carried, so they can be listed and got offline
    assertEquals("v0.2.0\n", Files.readString(go.resolve("example.com/tiny/b/@v/list")));
    assertEquals("example.com/tiny/b v0.2.0", Tools.run(app, home, Map.of(), "go", "list", "-m", "-versions",
        "example.com/tiny/b").expectSuccess("go list -m -versions").output().strip());
    assertEquals("example.com/tiny/Caps v1.0.0", Tools.run(app, home, Map.of(), "go", "list", "-m", "-versions",
        "example.com/tiny/Caps").expectSuccess("go list -m -versions").output().strip());
    Tools.run(app, home, Map.of(), "go", "get", "example.com/tiny/a@v1.0.0").expectSuccess("go get a pinned version");
  }

  @Test
  void proxyServingAnotherZip_failsNamingTheModule() throws Exception {
    Path src = sourceRepo();
    try (RegistryServer server = RegistryServer.serve(proxy).requireBasicAuth("ci", SECRET)) {
      server.override("/example.com/tiny/a/@v/v1.0.0.zip", GoFixtures.zip("example.com/tiny/a@v1.0.0/",
          Map.of("go.mod", "module example.com/tiny/a\n", "a.go", "package a // altered\n")));
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(1);
      assertTrue(run.err().contains("go example.com/tiny/a@v1.0.0 (zip): checksum mismatch: go.sum says h1:"), run.err());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty());
  }
}
