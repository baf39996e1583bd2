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
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python vendoring against a loopback simple index (PEP 691 JSON and PEP 503 HTML), proven with stock pip. */
class PythonVendoringTest {
  private static final String SECRET = "s3cret-pypi-pass";
  private static final String LINUX = "py3-none-manylinux2014_x86_64";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path index;
  private PythonFixtures.Dist aWheel;
  private PythonFixtures.Dist aSdist;
  private PythonFixtures.Dist bLinux;
  private PythonFixtures.Dist bWindows;
  private PythonFixtures.Dist cWheel;
  private PythonFixtures.Dist dWheel;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp).env("DEPS_PYTHON_USERNAME", "ci").env("DEPS_PYTHON_PASSWORD", SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    index = tmp.resolve("index");
    aWheel = PythonFixtures.wheel(index, "tinypy-a", "1.0.0", "py3-none-any");
    aSdist = PythonFixtures.sdist(index, "tinypy-a", "1.0.0");
    PythonFixtures.Dist aOld = PythonFixtures.wheel(index, "tinypy-a", "0.9.0", "py3-none-any");
    PythonFixtures.index(index, "tinypy-a", List.of(aOld, aWheel, aSdist), true);
    bLinux = PythonFixtures.wheel(index, "tinypy-b", "2.0", LINUX);
    bWindows = PythonFixtures.wheel(index, "tinypy-b", "2.0", "py3-none-win_amd64");
    PythonFixtures.index(index, "tinypy-b", List.of(bLinux, bWindows), false);
    cWheel = PythonFixtures.wheel(index, "tinypy-c", "3.1.4", "py3-none-any");
    PythonFixtures.index(index, "tinypy-c", List.of(cWheel), false);
    dWheel = PythonFixtures.wheel(index, "tinypy-d", "0.5", "py3-none-any");
    PythonFixtures.index(index, "tinypy-d", List.of(dWheel), true);
  }

  private Path sourceRepo() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "requirements.txt", "# pinned by pip-compile\n"
        + "tinypy-a==1.0.0 \\\n    --hash=sha256:" + aWheel.sha256() + " \\\n    --hash=sha256:" + aSdist.sha256() + "\n"
        + "TinyPy_B==2.0 ; python_version >= \"3\" --hash=sha256:" + bLinux.sha256()
        + " --hash=sha256:" + bWindows.sha256() + "  # comment\n");
    SampleRepos.write(src, "requirements-dev.txt", "-r requirements.txt\nsomething-unpinned>=1.0\n");
    SampleRepos.write(src, "tools/poetry.lock", "[[package]]\nname = \"tinypy-c\"\nversion = \"3.1.4\"\n"
        + "description = \"\"\noptional = false\npython-versions = \"*\"\nfiles = [\n"
        + "    {file = \"" + cWheel.fileName() + "\", hash = \"sha256:" + cWheel.sha256() + "\"},\n]\n\n"
        + "[metadata]\nlock-version = \"2.0\"\npython-versions = \"^3.8\"\ncontent-hash = \"x\"\n");
    SampleRepos.write(src, "svc/Pipfile.lock", "{\"_meta\": {}, \"default\": {\"tinypy-d\": {\"hashes\": [\"sha256:"
        + dWheel.sha256() + "\"], \"version\": \"==0.5\"}}, \"develop\": {}}\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "python deps");
    return src;
  }

  private CliRunner.Run create(Path src, Path out, RegistryServer server, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--pip-index", server.url() + "simple/"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static Path extract(Path archive, Path dir) throws Exception {
    Files.createDirectories(dir);
    assertEquals(0, Fixtures.exec(dir, "tar", "xzf", archive.toString()).exitCode());
    return dir;
  }

  private static TreeSet<String> wheelhouse(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  void pins_areVendoredForTheNamedPlatform_andStockPipInstallsThemOffline() throws Exception {
    Path src = sourceRepo();
    Path archive;
    try (RegistryServer server = RegistryServer.serve(index).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server, "--python-platform", "manylinux2014_x86_64").expect(0);
      assertFalse(run.all().contains(SECRET), run.all());
      assertTrue(run.err().contains("'something-unpinned>=1.0' is not pinned"), run.err());
      archive = Fixtures.onlyArchive(tmp.resolve("out"));
    }
    Path x = extract(archive, tmp.resolve("x"));
    Path wheels = x.resolve("dependencies/python");
    assertEquals(new TreeSet<>(List.of(aWheel.fileName(), bLinux.fileName(), cWheel.fileName(), dWheel.fileName())),
        wheelhouse(wheels), "wheels for the platform (and 'any'), no sdist, no other version, no Windows wheel");
    assertEquals(0, Fixtures.exec(x, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS").exitCode());
    JsonNode deps = Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies");
    JsonNode recA = null;
    for (JsonNode d : deps) {
      assertEquals("python", d.path("ecosystem").asText());
      if (d.path("name").asText().equals("tinypy-a")) {
        recA = d;
      }
    }
    assertEquals("1.0.0", recA.path("version").asText());
    assertEquals(aWheel.sha256(), recA.path("sha256").asText());
    assertEquals("[\"refs/heads/main:requirements-dev.txt\",\"refs/heads/main:requirements.txt\"]",
        recA.path("found_in").toString());
    String sbom = Files.readString(x.resolve("dependencies/sbom.cdx.json"));
    assertTrue(sbom.contains("pkg:pypi/tinypy-a@1.0.0?file_name=" + aWheel.fileName()), sbom);
    for (JsonNode c : Json.mapper().readTree(sbom).path("components")) {
      assertEquals("Apache-2.0", c.path("licenses").get(0).path("license").path("id").asText(),
          "the wheel's License-Expression: " + c);
    }

    Path app = tmp.resolve("app");
    git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
    Path home = tmp.resolve("home");
    Tools.run(app, home, Map.of(), "python3", "-m", "pip", "install", "--no-index", "--find-links", wheels.toString(),
        "-r", "requirements.txt", "--target", tmp.resolve("site1").toString()).expectSuccess("pip install --no-index");
    Tools.Result imported = Tools.run(app, home, Map.of("PYTHONPATH", tmp.resolve("site1").toString()), "python3", "-c",
        "import tinypy_a, tinypy_b; print(tinypy_a.VERSION, tinypy_b.VERSION)").expectSuccess("import");
    assertEquals("1.0.0 2.0", imported.output().strip());

    // setup-python.sh writes pip.conf, so plain `pip install -r` works offline too
    Tools.run(x, home, Map.of(), "sh", "restore-scripts/setup-python.sh").expectSuccess("setup-python.sh");
    assertTrue(Files.readString(home.resolve(".config/pip/pip.conf")).contains("no-index = true"));
    Tools.run(app, home, Map.of(), "python3", "-m", "pip", "install", "-r", "requirements.txt", "--target",
        tmp.resolve("site2").toString()).expectSuccess("pip install with the written pip.conf");
    assertTrue(Files.isRegularFile(tmp.resolve("site2/tinypy_b/__init__.py")));
  }

  @Test
  void requirementsInWithRanges_isResolvedByPip_vendored_andPipInstallNoIndexInstallsThatResolution() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "svc/requirements.in", "# ranges, as pip-tools users write them\ntinypy-a>=0.9,<2\n"
        + "TinyPy_C~=3.1\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "python ranges");
    try (RegistryServer server = RegistryServer.serve(index).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(0);
      assertFalse(run.all().contains(SECRET), run.all());
      assertTrue(run.all().contains("refs/heads/main:svc/requirements.in: pip resolved 2 distribution(s)"), run.all());
      assertFalse(server.sawWrongAuth(), "pip sent the index's credentials");
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    Path wheels = x.resolve("dependencies/python");
    assertEquals("# resolved by pip from refs/heads/main:svc/requirements.in (Air-Gap Archiver)\n"
        + "tinypy-a==1.0.0\ntinypy-c==3.1.4\n", Files.readString(wheels.resolve("resolved/svc_requirements.txt")),
        "the newest versions the ranges allow, recorded");
    assertTrue(Files.isRegularFile(wheels.resolve(aWheel.fileName())));
    assertTrue(Files.isRegularFile(wheels.resolve(cWheel.fileName())));
    assertFalse(Files.exists(wheels.resolve("tinypy_a-0.9.0-py3-none-any.whl")), "only the resolved version");
    assertEquals(0, Fixtures.exec(x, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS").exitCode());

    Path home = tmp.resolve("home");
    Tools.run(x, home, Map.of(), "python3", "-m", "pip", "install", "--no-index", "--find-links", wheels.toString(),
        "-r", wheels.resolve("resolved/svc_requirements.txt").toString(), "--target", tmp.resolve("site").toString())
        .expectSuccess("pip install --no-index");
    Tools.Result imported = Tools.run(x, home, Map.of("PYTHONPATH", tmp.resolve("site").toString()), "python3", "-c",
        "import tinypy_a, tinypy_c; print(tinypy_a.VERSION, tinypy_c.VERSION)").expectSuccess("import");
    assertEquals("1.0.0 3.1.4", imported.output().strip());
  }

  @Test
  void requirementsInForANamedPythonVersion_resolvesToTheReleaseWithAWheelForIt_andPipInstallNoIndexInstallsIt()
      throws Exception {
    String here = Tools.run(tmp, tmp.resolve("home"), Map.of(), "python3", "-c",
        "import sys; print('%d.%d' % sys.version_info[:2])").expectSuccess("python3").output().strip();
    String other = "3." + (Integer.parseInt(here.substring(2)) + 2);
    // 1.1 has a wheel only for another Python: for this one the newest release that installs is 1.0
    PythonFixtures.Dist e10 = PythonFixtures.wheel(index, "tinypy-e", "1.0", "py3-none-any");
    PythonFixtures.Dist e11 = PythonFixtures.wheel(index, "tinypy-e", "1.1", "py" + other.replace(".", "") + "-none-any");
    PythonFixtures.index(index, "tinypy-e", List.of(e10, e11), true);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "requirements.in", "tinypy-e>=1.0\ntinypy-a>=0.9,<2\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "python ranges");
    try (RegistryServer server = RegistryServer.serve(index).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server, "--python-version", here).expect(0);
      assertTrue(run.all().contains("pip resolved 2 distribution(s) for Python " + here), run.all());
      create(src, tmp.resolve("out-other"), server, "--python-version", other).expect(0);
      CliRunner.Run bad = create(src, tmp.resolve("out-bad"), server, "--python-version", "three").expect(2);
      assertTrue(bad.err().contains("--python-version must be a major.minor version such as 3.11, not 'three'"),
          bad.err());
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    Path wheels = x.resolve("dependencies/python");
    assertEquals("# resolved by pip from refs/heads/main:requirements.in for Python " + here + " (Air-Gap Archiver)\n"
        + "tinypy-a==1.0.0\ntinypy-e==1.0\n", Files.readString(wheels.resolve("resolved/requirements.txt")));
    assertEquals(new TreeSet<>(List.of(aWheel.fileName(), e10.fileName(), "resolved")), wheelhouse(wheels),
        "the wheels for that Python only, no sdist");
    Path y = extract(Fixtures.onlyArchive(tmp.resolve("out-other")), tmp.resolve("y"));
    assertTrue(Files.readString(y.resolve("dependencies/python/resolved/requirements.txt")).contains("tinypy-e==1.1\n"),
        "resolved for the Python named, not the one running pip");

    Path site = tmp.resolve("site");
    Tools.run(x, tmp.resolve("home"), Map.of(), "python3", "-m", "pip", "install", "--no-index", "--find-links",
        wheels.toString(), "-r", wheels.resolve("resolved/requirements.txt").toString(), "--target", site.toString())
        .expectSuccess("pip install --no-index");
    Tools.Result imported = Tools.run(x, tmp.resolve("home"), Map.of("PYTHONPATH", site.toString()), "python3", "-c",
        "import tinypy_e; print(tinypy_e.VERSION)").expectSuccess("import");
    assertEquals("1.0", imported.output().strip());
  }

  @Test
  void requirementsInThatCannotBeResolved_failsNamingTheFileAndPipsReason() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.write(src, "requirements.in", "tinypy-a>=5\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "python ranges nobody satisfies");
    try (RegistryServer server = RegistryServer.serve(index).requireBasicAuth("ci", SECRET)) {
      CliRunner.Run run = create(src, tmp.resolve("out"), server).expect(1);
      assertTrue(run.err().contains("python requirements.in: pip could not resolve it: "), run.err());
      assertTrue(run.err().contains("tinypy-a>=5"), run.err());
      assertFalse(run.all().contains(SECRET), run.all());
    }
    assertTrue(Fixtures.listAll(tmp.resolve("out")).isEmpty());
  }

  @Test
  void withoutPlatforms_everyFileOfThePinnedVersionIsCarried_andAMismatchFailsNamingTheFile() throws Exception {
    Path src = sourceRepo();
    try (RegistryServer server = RegistryServer.serve(index).requireBasicAuth("ci", SECRET)) {
      server.override("/files/" + bLinux.fileName(), "tampered".getBytes(StandardCharsets.UTF_8));
      CliRunner.Run failed = create(src, tmp.resolve("bad"), server).expect(1);
      assertTrue(failed.err().contains("python TinyPy_B==2.0 (" + bLinux.fileName() + "): checksum mismatch"),
          failed.err());
      assertTrue(Fixtures.listAll(tmp.resolve("bad")).isEmpty());

      server.override("/files/" + bLinux.fileName(), Files.readAllBytes(index.resolve("files/" + bLinux.fileName())));
      create(src, tmp.resolve("out"), server).expect(0);
    }
    Path x = extract(Fixtures.onlyArchive(tmp.resolve("out")), tmp.resolve("x"));
    assertEquals(new TreeSet<>(List.of(aWheel.fileName(), aSdist.fileName(), bLinux.fileName(), bWindows.fileName(),
        cWheel.fileName(), dWheel.fileName())), wheelhouse(x.resolve("dependencies/python")));
  }
}
