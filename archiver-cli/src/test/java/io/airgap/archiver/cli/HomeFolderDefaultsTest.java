package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.OpenSshServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code HOME} set (containers, CI, sudo, service accounts) every default folder lies under it,
 * or under the XDG folder named for its kind — never under the JVM's {@code user.home}, which comes
 * from the password file. The CLI runs as its own JVM with {@code user.home} pointed at a folder of
 * its own, so anything written there is seen.
 */
class HomeFolderDefaultsTest {
  @TempDir Path tmp;
  private Path home;
  private Path passwdHome;
  private Path workdir;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(tmp.resolve("home"));
    passwdHome = Files.createDirectories(tmp.resolve("passwd-home"));
    workdir = Files.createDirectories(tmp.resolve("work"));
    keys = Fixtures.Keys.generate(new CliRunner(tmp), tmp.resolve("keys"));
    src = tmp.resolve("source.git");
    git(tmp, "clone", "-q", "--mirror", SampleRepos.rich(tmp.resolve("src")).toString(), src.toString());
  }

  @Test
  void homeSet_cacheWorkspacesAndLogs_landUnderIt_nothingUnderUserHome() throws Exception {
    createAndRestore(Map.of());

    assertNotEmpty(home.resolve(".cache/airgap-archiver"));
    assertNotEmpty(home.resolve(".local/share/airgap-archiver/workspaces"));
    assertEquals(2, jsonLogs(home.resolve(".local/state/airgap-archiver/logs")), "one log per run");
    assertEquals(List.of(), everything(passwdHome), "written under the password file's home folder");
    assertEquals(List.of(), everything(workdir), "written into the working folder");
  }

  @Test
  void xdgFolders_winOverHome_eachForItsKind() throws Exception {
    Path cache = tmp.resolve("xdg-cache");
    Path data = tmp.resolve("xdg-data");
    Path state = tmp.resolve("xdg-state");
    createAndRestore(Map.of("XDG_CACHE_HOME", cache.toString(), "XDG_DATA_HOME", data.toString(),
        "XDG_STATE_HOME", state.toString()));

    assertNotEmpty(cache.resolve("airgap-archiver"));
    assertNotEmpty(data.resolve("airgap-archiver/workspaces"));
    assertEquals(2, jsonLogs(state.resolve("airgap-archiver/logs")), "one log per run");
    assertFalse(Files.exists(home.resolve(".cache/airgap-archiver")));
    assertFalse(Files.exists(home.resolve(".local")));
    assertEquals(List.of(), everything(passwdHome), "written under the password file's home folder");
  }

  @Test
  void relativeOrEmptyXdgValues_areIgnored_asTheSpecSays() throws Exception {
    createAndRestore(Map.of("XDG_CACHE_HOME", "rel-cache", "XDG_DATA_HOME", "", "XDG_STATE_HOME", "rel-state"));

    assertNotEmpty(home.resolve(".cache/airgap-archiver"));
    assertNotEmpty(home.resolve(".local/share/airgap-archiver/workspaces"));
    assertEquals(2, jsonLogs(home.resolve(".local/state/airgap-archiver/logs")), "one log per run");
    assertEquals(List.of(), everything(workdir), "a relative XDG value was used");
    assertEquals(List.of(), everything(passwdHome), "written under the password file's home folder");
  }

  /** JGit's SSH client reads known_hosts (and config, keys) from {@code $HOME/.ssh}, as OpenSSH does. */
  @Test
  void sshKnownHosts_areReadFromHomeDotSsh() throws Exception {
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    try (OpenSshServer sshd = OpenSshServer.start(tmp.resolve("sshd"))) {
      Files.createDirectories(home.resolve(".ssh"));
      Files.copy(sshd.knownHosts(), home.resolve(".ssh/known_hosts"));
      // no SOURCE_/TARGET_SSH_KNOWN_HOSTS: only $HOME/.ssh/known_hosts vouches for the server's key
      CliRunner cli = new CliRunner(tmp).env("HOME", home.toString())
          .env("SOURCE_SSH_KEY", sshd.clientKey().toString()).env("TARGET_SSH_KEY", sshd.clientKey().toString());
      cli.run("create", "--source", sshd.url(src), "--output", tmp.resolve("out").toString(),
          "--sign-key", keys.secret().toString()).expect(0);
      cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(), "--target", sshd.url(target),
          "--trust", keys.pub().toString()).expect(0);
    }
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  /** A create and a restore, each as its own JVM, with no ARCHIVER_ folder variables and {@code extra} set. */
  private void createAndRestore(Map<String, String> extra) throws Exception {
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    Path out = tmp.resolve("out");
    run(extra, "create", "--source", src.toString(), "--output", out.toString(), "--sign-key", keys.secret().toString());
    run(extra, "restore", Fixtures.onlyArchive(out).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString());
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  private void run(Map<String, String> extra, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ArchiverCli.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(tmp, "cli-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(name -> name.startsWith("ARCHIVER_") || name.startsWith("XDG_")
        || name.startsWith("SOURCE_") || name.startsWith("TARGET_") || name.startsWith("ARCHIVE_")
        || name.equals("GIT_CONFIG_GLOBAL") || name.equals("JDK_JAVA_OPTIONS"));
    env.put("HOME", home.toString());
    // the password file's home, as the JVM reads it: here a folder of the test's own, so writes there show
    env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + passwdHome);
    env.putAll(new HashMap<>(extra));
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("archiver " + args[0] + " did not finish:\n" + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("archiver " + args[0] + " exited " + p.exitValue() + ":\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private static void assertNotEmpty(Path dir) throws IOException {
    assertTrue(Files.isDirectory(dir) && !everything(dir).isEmpty(), dir + " is missing or empty");
  }

  private static long jsonLogs(Path dir) throws IOException {
    return everything(dir).stream().filter(p -> p.toString().endsWith(".jsonl")).count();
  }

  private static List<Path> everything(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).toList();
    }
  }
}
