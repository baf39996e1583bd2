package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #27: dependency resolution runs nothing a repository or a registry supplies, and every
 * child process starts with a scrubbed environment. The hostile part is real: an sdist whose PEP 517
 * build backend ({@code backend-path = ["."]}) writes a marker file with the environment it saw, served
 * from a loopback simple index to stock pip.
 */
class NoRepositoryCodeRunsTest {
  private static final Map<String, String> SECRETS = Map.of(
      "SOURCE_TOKEN", "src-tok-4a1f", "TARGET_TOKEN", "tgt-tok-9c2e",
      "ARCHIVER_KEY_PASSPHRASE", "pass-phrase-77d0", "AWS_SECRET_ACCESS_KEY", "aws-secret-5b3b");

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path index;
  private Path marker;
  private PythonFixtures.Dist aWheel;
  private PythonFixtures.Dist cWheel;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    index = tmp.resolve("index");
    marker = tmp.resolve("backend-ran.txt");
    aWheel = PythonFixtures.wheel(index, "tinypy-a", "1.0.0", "py3-none-any");
    PythonFixtures.index(index, "tinypy-a", List.of(aWheel), true);
    cWheel = PythonFixtures.wheel(index, "tinypy-c", "3.1.4", "py3-none-any");
    PythonFixtures.index(index, "tinypy-c", List.of(cWheel), false);
    // published only as an sdist: resolving it from the index would mean building it
    PythonFixtures.index(index, "evil", List.of(evilSdist(index, marker)), true);
  }

  /** {@code evil-1.0.tar.gz}: its build backend, shipped inside it, writes {@code marker} with its environment. */
  static PythonFixtures.Dist evilSdist(Path root, Path marker) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("PKG-INFO", "Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n");
    files.put("pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n");
    files.put("backend.py", "import os\n"
        + "with open(" + pyString(marker.toString()) + ", 'a') as f:\n"
        + "    f.write('\\n'.join(k + '=' + v for k, v in os.environ.items()) + '\\n')\n"
        + "def get_requires_for_build_wheel(config_settings=None):\n    return []\n"
        + "def prepare_metadata_for_build_wheel(directory, config_settings=None):\n"
        + "    raise RuntimeError('the backend ran')\n"
        + "def build_wheel(directory, config_settings=None, metadata_directory=None):\n"
        + "    raise RuntimeError('the backend ran')\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("evil-1.0/" + f.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    Path file = Files.createDirectories(root.resolve("files")).resolve("evil-1.0.tar.gz");
    Files.write(file, bytes.toByteArray());
    return new PythonFixtures.Dist(file.getFileName().toString(),
        io.airgap.archiver.internal.Hex.encode(PythonFixtures.sha256(bytes.toByteArray())));
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private Path repo(Map<String, String> files) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    for (Map.Entry<String, String> f : files.entrySet()) {
      SampleRepos.write(src, f.getKey(), f.getValue());
    }
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

  @Test
  void sdistWithABuildBackend_isNeverBuilt_asADirectUrlLineOrAsAnSdistOnlyPackage_andTheReportNamesIt()
      throws Exception {
    try (RegistryServer server = RegistryServer.serve(index)) {
      Path src = repo(Map.of(
          "direct/requirements.in", "tinypy-a>=0.9\nevil @ " + server.url() + "files/evil-1.0.tar.gz\n",
          "indexed/requirements.in", "# evil has no wheel\nevil>=1.0\n"));

      CliRunner.Run failed = create(src, tmp.resolve("strict"), server).expect(1);
      assertFalse(Files.exists(marker), "the build backend ran:\n" + readQuietly(marker));
      assertTrue(failed.err().contains("refs/heads/main:direct/requirements.in:2"), failed.err());
      assertTrue(failed.err().contains("direct URL"), failed.err());
      assertTrue(failed.err().contains("evil is published only as an sdist"), failed.err());
      assertTrue(Fixtures.listAll(tmp.resolve("strict")).isEmpty(), "no archive, no partial file");

      CliRunner.Run run = create(src, tmp.resolve("out"), server, "--deps-best-effort").expect(0);
      assertFalse(Files.exists(marker), "the build backend ran:\n" + readQuietly(marker));
      assertTrue(run.err().contains("refs/heads/main:direct/requirements.in:2"), run.err());
      assertTrue(run.err().contains("evil is published only as an sdist"), run.err());
      assertFalse(server.requests().stream().anyMatch(r -> r.contains("evil-1.0.tar.gz")),
          "the sdist was never even downloaded: " + server.requests());
    }
    Path x = Files.createDirectories(tmp.resolve("x"));
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", Fixtures.onlyArchive(tmp.resolve("out")).toString()).exitCode());
    assertEquals("# resolved by pip from refs/heads/main:direct/requirements.in (Air-Gap Archiver)\ntinypy-a==1.0.0\n",
        Files.readString(x.resolve("dependencies/python/resolved/direct_requirements.txt")),
        "the rest of the file was resolved without the refused line");
    List<String> missing = new ArrayList<>();
    for (JsonNode d : Json.mapper().readTree(x.resolve("manifest.json").toFile()).path("dependencies")) {
      if (d.path("missing").asBoolean()) {
        missing.add(d.path("name").asText() + " <- " + d.path("found_in").toString() + ": " + d.path("reason").asText());
      }
    }
    assertEquals(2, missing.size(), missing.toString());
    assertTrue(missing.get(0).startsWith("evil <- [\"refs/heads/main:direct/requirements.in\"]: "
        + "refs/heads/main:direct/requirements.in:2: refused 'evil @ http://127.0.0.1:"), missing.toString());
    assertTrue(missing.get(1).contains("evil is published only as an sdist"), missing.toString());
  }

  @Test
  void optionLines_urls_editables_vcsAndOutsidePaths_areRefusedByFileAndLine_andNoOtherServerIsAsked()
      throws Exception {
    Path elsewhere = tmp.resolve("elsewhere");
    PythonFixtures.Dist newer = PythonFixtures.wheel(elsewhere, "tinypy-a", "1.5.0", "py3-none-any");
    PythonFixtures.index(elsewhere, "tinypy-a", List.of(newer), true);
    Files.writeString(tmp.resolve("outside.txt"), "tinypy-a==1.5.0\n");
    try (RegistryServer server = RegistryServer.serve(index); RegistryServer other = RegistryServer.serve(elsewhere)) {
      String o = other.url();
      String in = String.join("\n",
          "# every line below but the last two is refused",          // 1
          "--index-url " + o + "simple/",                             // 2
          "--extra-index-url " + o + "simple/",                       // 3
          "-f " + o + "files/",                                       // 4
          "--find-links=" + o + "files/",                             // 5
          "--trusted-host 127.0.0.1",                                 // 6
          "-i " + o + "simple/",                                      // 7
          "-c /etc/passwd",                                           // 8
          "-r ../outside.txt",                                        // 9
          "-e .",                                                     // 10
          "git+" + o + "repo.git#egg=tinypy-x",                       // 11
          "evil @ " + server.url() + "files/evil-1.0.tar.gz",         // 12
          server.url() + "files/evil-1.0.tar.gz",                     // 13
          "./vendor/tinypy-y",                                        // 14
          "tinypy-a>=0.9",                                            // 15
          "tinypy-c~=3.1") + "\n";                                    // 16
      Path src = repo(Map.of("requirements.in", in,
          "requirements.txt", "--extra-index-url " + o + "simple/\n-e git+" + o + "repo.git#egg=tinypy-x\n"
              + "tinypy-c==3.1.4 --hash=sha256:" + cWheel.sha256() + "\n"));

      CliRunner.Run run = create(src, tmp.resolve("out"), server, "--deps-best-effort").expect(0);
      String err = run.err();
      for (int line = 2; line <= 14; line++) {
        assertTrue(err.contains("refs/heads/main:requirements.in:" + line), "line " + line + " reported:\n" + err);
      }
      assertTrue(err.contains("refs/heads/main:requirements.txt:1"), err);
      assertTrue(err.contains("refs/heads/main:requirements.txt:2"), err);
      assertFalse(err.contains("root:") || err.contains("/bin/bash"), "nothing of /etc/passwd was read: " + err);
      assertTrue(other.requests().isEmpty(), "pip asked a server the repository named: " + other.requests());
      assertFalse(Files.exists(marker), "the build backend ran:\n" + readQuietly(marker));
    }
    Path x = Files.createDirectories(tmp.resolve("x"));
    assertEquals(0, Fixtures.exec(x, "tar", "xzf", Fixtures.onlyArchive(tmp.resolve("out")).toString()).exitCode());
    assertEquals("# resolved by pip from refs/heads/main:requirements.in (Air-Gap Archiver)\n"
        + "tinypy-a==1.0.0\ntinypy-c==3.1.4\n", Files.readString(x.resolve("dependencies/python/resolved/requirements.txt")),
        "resolved from the index given, with only the plain requirements");
  }

  @Test
  void pipRunsInAScrubbedEnvironment_inAScratchFolder_withNoneOfTheArchiversSecrets() throws Exception {
    // a python3 first on the PATH that records its environment and folder, then runs the real pip
    String realPython = Tools.run(tmp, tmp.resolve("home"), Map.of(), "python3", "-c",
        "import sys; print(sys.executable)").expectSuccess("python3").output().strip();
    Path dumps = Files.createDirectories(tmp.resolve("dumps"));
    Path bin = fakeTool(tmp.resolve("bin"), "python3", dumps, "exec " + shQuote(realPython) + " \"$@\"");
    // and a git: JGit asks C git where its system config is
    fakeTool(bin, "git", dumps, "exec " + shQuote(onPath("git").toString()) + " \"$@\"");
    Path src = repo(Map.of("requirements.in", "tinypy-a>=0.9\n"));
    Path out = tmp.resolve("out");
    String indexUrl;
    try (RegistryServer server = RegistryServer.serve(index)) {
      indexUrl = server.url() + "simple/";
      Map<String, String> env = new LinkedHashMap<>(SECRETS);
      env.put("PATH", bin + ":" + System.getenv("PATH"));
      env.put("PIP_INDEX_URL", "http://127.0.0.1:9/simple/"); // the user's own pip settings: not pip's input here
      env.put("PIP_FIND_LINKS", "http://127.0.0.1:9/links/");
      env.put("PYTHONPATH", tmp.resolve("nowhere").toString());
      try (CliProcess p = CliProcess.start(tmp, env, "create", "--source", src.toString(), "--output", out.toString(),
          "--sign-key", keys.secret().toString(), "--pip-index", indexUrl)) {
        assertEquals(0, p.waitFor(300), p.output());
        assertTrue(p.output().contains("pip resolved 1 distribution(s)"), p.output());
      }
    }
    String all = dumps(dumps, "");
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      assertFalse(all.contains(secret.getKey()) || all.contains(secret.getValue()), secret.getKey() + " in:\n" + all);
    }
    assertFalse(dumps(dumps, "git-").isEmpty(), "JGit's git lookup was seen, and scrubbed");
    String seen = dumps(dumps, "python3-");
    Map<String, String> childEnv = parse(seen);
    assertFalse(childEnv.containsKey("PYTHONPATH"), seen);
    assertFalse(childEnv.containsKey("PIP_FIND_LINKS"), seen);
    assertEquals(indexUrl, childEnv.get("PIP_INDEX_URL"), "the index given with --pip-index, no other");
    assertEquals("/dev/null", childEnv.get("PIP_CONFIG_FILE"), "no pip.conf of the user's is read");
    Path scratch = Path.of(childEnv.get("PWD_SEEN")).getParent();
    assertTrue(childEnv.get("HOME").startsWith(scratch + "/"), "HOME is in the scratch folder: " + seen);
    assertTrue(childEnv.get("TMPDIR").startsWith(scratch + "/"), "TMPDIR is in the scratch folder: " + seen);
    assertFalse(Files.exists(scratch), "the scratch folder is deleted afterwards: " + scratch);
    assertFalse(scratch.startsWith(src), "not run inside the repository");
  }

  @Test
  void selfchecksVersionProbes_runInAScrubbedEnvironment() throws Exception {
    Path dumps = Files.createDirectories(tmp.resolve("dumps"));
    Path bin = fakeTool(tmp.resolve("bin"), "git", dumps, "echo 'git version 9.9.9'");
    Map<String, String> env = new LinkedHashMap<>(SECRETS);
    env.put("PATH", bin.toString());
    try (CliProcess p = CliProcess.start(tmp, env, "selfcheck")) {
      assertEquals(0, p.waitFor(120), p.output());
      assertTrue(p.output().contains("git version 9.9.9"), p.output());
    }
    String seen = dumps(dumps, "git-");
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      assertFalse(seen.contains(secret.getKey()) || seen.contains(secret.getValue()), secret.getKey() + " in:\n" + seen);
    }
    assertFalse(Files.exists(Path.of(parse(seen).get("PWD_SEEN"))), "the scratch folder is deleted afterwards");
  }

  /** An executable {@code name} in {@code dir} that writes its environment (and {@code PWD_SEEN}) to a file in {@code dumps}. */
  private static Path fakeTool(Path dir, String name, Path dumps, String then) throws Exception {
    Files.createDirectories(dir);
    Path tool = dir.resolve(name);
    Files.writeString(tool, "#!/bin/sh\n{ /usr/bin/env; echo \"PWD_SEEN=$(pwd -P)\"; } > " + shQuote(dumps.toString())
        + "/" + name + "-$$.txt\n" + then + "\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** What the fake tools whose dump names start with {@code prefix} recorded. */
  private static String dumps(Path dumps, String prefix) throws Exception {
    List<Path> files;
    try (var s = Files.list(dumps)) {
      files = s.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
    assertFalse(files.isEmpty(), prefix + ": the child never ran");
    StringBuilder all = new StringBuilder();
    for (Path f : files) {
      all.append(Files.readString(f));
    }
    return all.toString();
  }

  private static Map<String, String> parse(String dump) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : dump.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " is not on the PATH");
  }

  private static String shQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "";
    }
  }
}
