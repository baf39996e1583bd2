package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball that {@code mvn package} builds runs on a host with no Java at all: unpacked
 * to a new place, with no {@code java} on the PATH and a bogus {@code JAVA_HOME}, its own runtime
 * makes keys, creates, verifies and restores an archive; and its samples/quickstart.sh runs there with
 * nothing but git and core tools on the PATH. Runs after package (failsafe); a missing tarball fails the build.
 */
class ReleaseTarballIT {
  private static final long MAX_SIZE = 120L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static Path tarball;
  private static Path release;
  private static Path noJavaBin;

  @BeforeAll
  static void unpack() throws Exception {
    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().matches("archiver-.+-linux-.+\\.tar\\.gz")).toList();
      assertEquals(1, found.size(), "expected one release tarball in " + target + " (built by mvn package), found " + found);
      tarball = found.get(0);
    }
    Path unpacked = Files.createDirectories(tmp.resolve("opt with space"));
    run(unpacked, Map.of("PATH", "/usr/bin:/bin"), "tar", "xzf", tarball.toString()).expect(0, "tar xzf");
    try (Stream<Path> dirs = Files.list(unpacked)) {
      release = dirs.findFirst().orElseThrow();
    }
    noJavaBin = toolsBin("no-java-bin", "sh", "readlink", "dirname", "sed", "env", "git", "gpg", "sha256sum", "cat");
  }

  /** A folder of links to exactly these system tools, to be the whole PATH: no java, no mvn. */
  private static Path toolsBin(String name, String... tools) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve(name));
    for (String tool : tools) {
      Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable)
          .findFirst().orElseThrow(() -> new AssertionError(tool + " is not installed"));
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    return bin;
  }

  /** What the quickstart and the scripts it runs use, besides the release itself. */
  private static final String[] QUICKSTART_TOOLS = {"sh", "readlink", "dirname", "sed", "env", "git", "cat", "mktemp",
      "ls", "mkdir", "cmp", "diff", "wc", "tr"};

  @Test
  void tarball_holdsTheGuide_itsDocs_andTheSamples_withTheSystemdUnitsAndTheirManPages() throws Exception {
    for (String part : List.of("docs/README.md", "docs/commands.md", "docs/configuration.md", "docs/security.md",
        "docs/archive-format.md", "docs/troubleshooting.md", "docs/custody.md", "samples/quickstart.sh",
        "samples/make-sample-repo.sh", "samples/config/mirrors.yaml", "samples/config/policy.yaml",
        "samples/config/nightly-incremental.yaml", "samples/config/single-repo.yaml",
        "samples/systemd/airgap-archiver-mirror.service", "samples/systemd/airgap-archiver-nightly.service",
        "samples/systemd/airgap-archiver-nightly.timer", "samples/systemd/secrets.env.example",
        "samples/kubernetes/Dockerfile", "samples/kubernetes/create-indexed-job.yaml",
        "samples/monitoring/archiver-alerts.rules.yml")) {
      assertTrue(Files.isRegularFile(release.resolve(part)), part + " is in the release");
    }
    assertTrue(Files.isExecutable(release.resolve("samples/quickstart.sh")));
    assertTrue(Files.isExecutable(release.resolve("samples/make-sample-repo.sh")));
    assertFalse(Files.exists(release.resolve("samples/out")), "nothing a source-tree run left");
    // the guide's links into docs/ work in the unpacked release too
    String readme = Files.readString(release.resolve("README.md"));
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\]\\((docs/[^)#\\s]+)").matcher(readme);
    int links = 0;
    while (link.find()) {
      links++;
      assertTrue(Files.isRegularFile(release.resolve(link.group(1))), "README links " + link.group(1));
    }
    assertTrue(links >= 10, "README links docs/: " + links);
    // each unit's Documentation=man:NAME(1) is a man page the release ships
    try (Stream<Path> units = Files.list(release.resolve("samples/systemd"))) {
      for (Path unit : units.filter(p -> p.toString().endsWith(".service")).toList()) {
        java.util.regex.Matcher man = java.util.regex.Pattern.compile("(?m)^Documentation=man:([\\w-]+)\\(1\\)$")
            .matcher(Files.readString(unit));
        assertTrue(man.find(), unit + " names its man page");
        assertTrue(Files.isRegularFile(release.resolve("man/man1/" + man.group(1) + ".1")), unit + ": " + man.group(1));
      }
    }
  }

  @Test
  void quickstart_runsFromTheUnpackedRelease_inAScratchFolder_withNoJavaMavenOrSourceTree() throws Exception {
    Path bin = toolsBin("quickstart-bin", QUICKSTART_TOOLS);
    Path home = Files.createDirectories(tmp.resolve("quickstart-home"));
    Path scratch = Files.createDirectories(tmp.resolve("quickstart-tmp"));
    Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", home.toString(), "LANG", "C.UTF-8",
        "TMPDIR", scratch.toString(), "JAVA_HOME", tmp.resolve("no-such-jdk").toString());
    for (String absent : List.of("java", "mvn")) {
      Result which = run(home, env, bin.resolve("sh").toString(), "-c", "command -v " + absent);
      assertTrue(which.exitCode() != 0 && which.output().isBlank(), absent + " must not be on the PATH: " + which);
    }
    Set<String> before = filesUnder(release);

    Result quickstart = run(home, env, release.resolve("samples/quickstart.sh").toString())
        .expect(0, "samples/quickstart.sh from the unpacked release");
    assertTrue(quickstart.output().contains("OK: every ref arrived unchanged ("), quickstart.output());
    java.util.regex.Matcher folder = java.util.regex.Pattern.compile("(?m)^Quickstart folder: (.+)$").matcher(quickstart.output());
    assertTrue(folder.find(), quickstart.output());
    Path out = Path.of(folder.group(1));
    assertTrue(out.startsWith(scratch), "a new folder under TMPDIR: " + out);
    assertTrue(quickstart.output().contains("Everything is in " + out), quickstart.output());
    assertEquals(Files.readString(out.resolve("source-refs.txt")), Files.readString(out.resolve("restored-refs.txt")));
    assertTrue(Files.readAllLines(out.resolve("restored-refs.txt")).size() >= 4, "branches, tags and notes");
    assertEquals(before, filesUnder(release), "the quickstart wrote nothing into the release");
  }

  @Test
  void sourceTreeQuickstart_writesIntoAScratchFolder_notIntoTheSourceTree() throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Path bin = toolsBin("source-quickstart-bin", QUICKSTART_TOOLS);
    Path home = Files.createDirectories(tmp.resolve("source-quickstart-home"));
    Path scratch = Files.createDirectories(tmp.resolve("source-quickstart-tmp"));
    Map<String, String> env = Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + bin,
        "HOME", home.toString(), "LANG", "C.UTF-8", "TMPDIR", scratch.toString());
    Set<String> before = filesUnder(root.resolve("samples"));

    Result quickstart = run(home, env, root.resolve("samples/quickstart.sh").toString())
        .expect(0, "samples/quickstart.sh in the source tree, after mvn package");
    assertTrue(quickstart.output().contains("OK: every ref arrived unchanged ("), quickstart.output());
    assertTrue(quickstart.output().contains("Quickstart folder: " + scratch + "/archiver-quickstart."), quickstart.output());
    assertEquals(before, filesUnder(root.resolve("samples")), "nothing written into the source tree's samples/");
  }

  private static Set<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void tarball_isUnder120MB_holdsEveryPart_andItsSha256sumsCoverEveryFile() throws Exception {
    assertTrue(Files.size(tarball) <= MAX_SIZE, "tarball is " + Files.size(tarball) / (1024 * 1024) + " MB");
    for (String part : List.of("bin/archiver", "bin/jvm.options", "runtime/bin/java", "runtime/legal/java.base",
        "lib/archiver.jar", "lib/archiver.jsa", "man/man1/archiver.1", "man/man1/archiver-create.1",
        "man/man1/archiver-selfcheck.1", "completion/archiver.bash", "completion/archiver.zsh", "README.md",
        "THIRD-PARTY-NOTICES.txt", "licenses", "SHA256SUMS")) {
      assertTrue(Files.exists(release.resolve(part)), part + " is in the release");
    }
    assertTrue(Files.isExecutable(release.resolve("bin/archiver")));
    try (Stream<Path> files = Files.walk(release)) {
      assertEquals(List.of(), files.filter(Files::isSymbolicLink).toList(), "no links: plain files, all in SHA256SUMS");
    }
    assertFalse(Files.exists(release.resolve("runtime/include")), "no header files");
    assertFalse(Files.exists(release.resolve("runtime/jmods")), "no jmods");

    Result completion = run(release, Map.of("PATH", "/usr/bin:/bin"), "bash", "-c",
        "source completion/archiver.bash && complete -p archiver").expect(0, "bash completion loads");
    assertTrue(completion.output().contains("archiver"), completion.output());
    assertTrue(Files.readString(release.resolve("man/man1/archiver-create.1")).contains("shard"),
        "the create man page documents --shard");

    String notices = Files.readString(release.resolve("THIRD-PARTY-NOTICES.txt"));
    for (String library : List.of("org.eclipse.jgit:org.eclipse.jgit:", "org.bouncycastle:bcpg-jdk18on:",
        "info.picocli:picocli:", "org.apache.commons:commons-compress:", "software.amazon.awssdk:s3:",
        "com.fasterxml.jackson.core:jackson-databind:", "org.apache.maven.resolver:maven-resolver-api:")) {
      assertTrue(notices.contains(library), library + " is in the notices");
    }
    assertFalse(notices.contains("Unknown license"), "every bundled library names its licence");

    run(release, Map.of("PATH", "/usr/bin:/bin"), "sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS")
        .expect(0, "sha256sum -c SHA256SUMS");
    Set<String> listed = Files.readAllLines(release.resolve("SHA256SUMS")).stream()
        .map(l -> l.substring(66)).collect(Collectors.toCollection(TreeSet::new));
    Set<String> present;
    try (Stream<Path> files = Files.walk(release)) {
      present = files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).map(p -> release.relativize(p).toString())
          .filter(p -> !p.equals("SHA256SUMS")).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(present, listed);
  }

  @Test
  void keygenCreateVerifyRestore_runWithTheBundledRuntime_noJavaOnPath_bogusJavaHomeAndJdkJavaOptions() throws Exception {
    Map<String, String> env = noJavaEnv("round-trip");
    Result which = run(tmp, env, "sh", "-c", "command -v java");
    assertTrue(which.exitCode() != 0 && which.output().isBlank(), "java must not be on the test's PATH: " + which);

    Path src = SampleRepos.rich(tmp.resolve("src"));
    Path keys = tmp.resolve("keys");
    Path out = tmp.resolve("out");
    Path target = tmp.resolve("restored.git");
    archiver(env, "keygen", "--out", keys.toString()).expect(0, "keygen");
    archiver(env, "create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.resolve("archiver-signing-secret.asc").toString()).expect(0, "create");
    Path archive = Fixtures.onlyArchive(out);
    String trust = keys.resolve("archiver-signing-public.asc").toString();
    Result verify = archiver(env, "verify", archive.toString(), "--trust", trust).expect(0, "verify");
    assertTrue(verify.output().contains("Signature: good"), verify.output());
    archiver(env, "restore", archive.toString(), "--target", "file://" + target, "--trust", trust).expect(0, "restore");
    assertEquals(CGit.refs(src), CGit.refs(target), "exactly the source's refs");

    Path tampered = ArchiveTamper.rewrite(archive, Files.createDirectories(tmp.resolve("tampered")).resolve(archive.getFileName()),
        entries -> entries.put("manifest.json", ArchiveTamper.flipByte(entries.get("manifest.json"), 10)));
    assertEquals(3, archiver(env, "verify", tampered.toString(), "--trust", trust).exitCode(), "tampered: exit 3");
  }

  @Test
  void selfcheck_reportsTheBundledRuntime_classDataSharing_jarChecksum_andTools() throws Exception {
    Map<String, String> env = noJavaEnv("selfcheck");
    JsonNode doc = JSON.readTree(archiver(env, "selfcheck", "--json").expect(0, "selfcheck").output());
    assertTrue(doc.get("ok").asBoolean());
    assertTrue(doc.get("runtime").get("bundled").asBoolean(), doc.toString());
    assertTrue(doc.get("runtime").get("java_home").asText().startsWith(release.toString()), doc.toString());
    assertTrue(doc.get("runtime").get("class_data_sharing").asBoolean(), "the AppCDS archive maps: " + doc);
    assertTrue(doc.get("release_files_ok").asBoolean(), doc.toString());
    String jarSha = doc.get("jars").get(0).get("sha256").asText();
    assertTrue(Files.readString(release.resolve("SHA256SUMS")).contains(jarSha + "  lib/archiver.jar"));
    Map<String, Boolean> tools = new HashMap<>();
    doc.get("tools").forEach(t -> tools.put(t.get("name").asText(), t.get("found").asBoolean()));
    assertEquals(Map.of("git", true, "gpg", true, "sha256sum", true, "git-lfs", false), tools);

    Path readme = release.resolve("README.md");
    byte[] original = Files.readAllBytes(readme);
    try {
      Files.writeString(readme, "changed", java.nio.file.StandardOpenOption.APPEND);
      Result modified = archiver(env, "selfcheck").expect(1, "selfcheck of a modified release");
      assertTrue(modified.output().contains("differ from SHA256SUMS: README.md"), modified.output());
    } finally {
      Files.write(readme, original);
    }

    // -Xshare:on fails the start instead of falling back, so this proves the archive fits this unpacked copy.
    Map<String, String> strict = new HashMap<>(env);
    strict.put("ARCHIVER_JAVA_OPTS", "-Xshare:on");
    assertTrue(archiver(strict, "--version").expect(0, "--version with -Xshare:on").output().contains("archiver "));
  }

  @Test
  void versionAndVerify_loadNeitherTheAwsSdkNorMavenResolver_andVersionNoBouncyCastle() throws Exception {
    Map<String, String> env = noJavaEnv("lazy");
    Path src = SampleRepos.simple(tmp.resolve("lazy-src"));
    Path keys = tmp.resolve("lazy-keys");
    archiver(env, "keygen", "--out", keys.toString()).expect(0, "keygen");
    archiver(env, "create", "--source", src.toString(), "--output", tmp.resolve("lazy-out").toString(),
        "--sign-key", keys.resolve("archiver-signing-secret.asc").toString()).expect(0, "create");
    env.put("ARCHIVER_JAVA_OPTS", "-Xshare:off -Xlog:class+load=info:stdout");
    String version = archiver(env, "--version").expect(0, "--version").output();
    String verify = archiver(env, "verify", Fixtures.onlyArchive(tmp.resolve("lazy-out")).toString(),
        "--trust", keys.resolve("archiver-signing-public.asc").toString()).expect(0, "verify").output();
    assertTrue(version.contains("io.airgap.archiver.cli.ArchiverCli"), "class loading is logged");
    for (String heavy : List.of(" software.amazon.", " org.eclipse.aether.", " org.apache.maven.", " org.bouncycastle.")) {
      assertFalse(version.contains(heavy), "--version loads" + heavy);
    }
    for (String heavy : List.of(" software.amazon.", " org.eclipse.aether.", " org.apache.maven.")) {
      assertFalse(verify.contains(heavy), "verify of a local archive loads" + heavy);
    }
    assertTrue(verify.contains(" org.bouncycastle."), "verify checks the signature");
  }

  @Test
  void bundledRuntime_hasEveryModuleJdepsFindsInTheJar() throws Exception {
    Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
    String needed = run(tmp, Map.of("PATH", "/usr/bin:/bin"), jdeps.toString(), "--ignore-missing-deps",
        "--print-module-deps", "--multi-release", "17", release.resolve("lib/archiver.jar").toString())
        .expect(0, "jdeps").output().strip();
    String bundled = run(tmp, Map.of("PATH", "/usr/bin:/bin"), release.resolve("runtime/bin/java").toString(),
        "--list-modules").expect(0, "java --list-modules").output();
    Set<String> have = bundled.lines().map(l -> l.replaceAll("@.*", "").strip()).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>(Arrays.asList(needed.lines().reduce((a, b) -> b).orElse("").split(",")));
    missing.removeAll(have);
    assertEquals(Set.of(), missing, "add these to archiver-cli/src/dist/modules.txt");
  }

  @Test
  void releaseLauncher_isTheSourceTreeLauncher_withTheSameJvmDefaults() throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    assertArrayEquals(Files.readAllBytes(root.resolve("bin/archiver")), Files.readAllBytes(release.resolve("bin/archiver")));
    assertArrayEquals(Files.readAllBytes(root.resolve("bin/jvm.options")), Files.readAllBytes(release.resolve("bin/jvm.options")));
    String options = Files.readString(release.resolve("bin/jvm.options"));
    assertTrue(options.contains("-Xmx224m") && options.contains("-XX:+UseSerialGC"), options);

    Map<String, String> env = noJavaEnv("options");
    env.put("ARCHIVER_JAVA_OPTS", "-Xmx300m");
    JsonNode doc = JSON.readTree(archiver(env, "selfcheck", "--json").expect(0, "selfcheck").output());
    List<String> jvm = JSON.convertValue(doc.get("runtime").get("jvm_options"), List.class);
    assertTrue(jvm.indexOf("-Xmx224m") >= 0 && jvm.indexOf("-Xmx300m") > jvm.indexOf("-Xmx224m"),
        "defaults first, ARCHIVER_JAVA_OPTS after them (it wins): " + jvm);
    assertNotEquals(-1, jvm.indexOf("-XX:+UseSerialGC"));
  }

  @Test
  void sourceTreeLauncher_loadsTheCliFromTheClassDataArchiveBuiltForTheBuildJdk() throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Map<String, String> env = noJavaEnv("source-tree");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + noJavaBin);
    env.remove("JDK_JAVA_OPTIONS"); // the source tree runs the system Java, which reads it
    // -Xshare:on fails the start if target/archiver.jsa does not fit; the log names where each class came from
    env.put("ARCHIVER_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:stdout");
    String out = run(tmp, env, root.resolve("bin/archiver").toString(), "--version").expect(0, "--version").output();
    String cli = out.lines().filter(l -> l.contains(" io.airgap.archiver.cli.ArchiverCli ")).findFirst().orElse(out);
    assertTrue(cli.contains("source: shared objects file"), cli);
  }

  private static Map<String, String> noJavaEnv(String name) throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home-" + name));
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("PATH", noJavaBin.toString());
    env.put("JAVA_HOME", tmp.resolve("no-such-jdk").toString());
    env.put("JDK_JAVA_OPTIONS", "-XX:+NoSuchOptionOfAnotherJava");
    env.put("LANG", "C.UTF-8");
    env.put("ARCHIVER_CACHE", home.resolve("cache").toString());
    env.put("ARCHIVER_WORKSPACE_ROOT", home.resolve("workspaces").toString());
    env.put("ARCHIVER_LOG_DIR", home.resolve("logs").toString());
    return env;
  }

  private static Result archiver(Map<String, String> env, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = release.resolve("bin/archiver").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    return run(tmp, env, command);
  }

  /** Exit code and combined output of one process. */
  record Result(int exitCode, String output) {
    Result expect(int code, String what) {
      if (exitCode != code) {
        throw new AssertionError(what + ": expected exit " + code + ", got " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** Runs a process with exactly {@code env} as its environment. */
  private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(List.of(command) + " did not finish");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
