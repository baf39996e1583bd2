package io.airgap.archiver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The npm-family clients the tests run: each exact version in its own prefix, where {@code .ci/run}
 * installs it (its block "The npm-family clients the vendoring tests run"). The one place in the
 * tests that knows their versions and paths; a test runs a client by its absolute {@link
 * Client#executable()} and gives the scripts it runs (setup-npm.sh) {@link #env} as their PATH, so
 * nothing depends on which pnpm, yarn or npm comes first on the machine's PATH.
 */
final class NpmClients {
  private NpmClients() {}

  /** Where .ci/run installs the clients, one prefix per client and major: {@code /opt/clients/pnpm-9}. */
  static final Path ROOT = Path.of("/opt/clients");

  /** One installed client: {@code name} is the command (pnpm, yarn, npm). */
  record Client(String name, int major, String version) {
    Path prefix() {
      return ROOT.resolve(name + "-" + major);
    }

    Path bin() {
      return prefix().resolve("bin");
    }

    Path executable() {
      return bin().resolve(name);
    }

    /** The client's absolute path as a command word. */
    String command() {
      return executable().toString();
    }

    /** As JUnit names a run: {@code pnpm 9.15.9}. */
    @Override
    public String toString() {
      return name + " " + version;
    }
  }

  /** pnpm 8: the last pnpm writing lockfile v6 (it reads no v9). */
  static final Client PNPM_8 = new Client("pnpm", 8, "8.15.9");
  /** pnpm 9: the first writing lockfile v9. */
  static final Client PNPM_9 = new Client("pnpm", 9, "9.15.9");
  static final Client PNPM_10 = new Client("pnpm", 10, "10.34.9");
  /** The current pnpm: a native binary, checking registry metadata even offline (as pnpm 11 and later do). */
  static final Client PNPM_12 = new Client("pnpm", 12, "12.26.0");
  static final Client YARN_1 = new Client("yarn", 1, "1.22.22");
  static final Client YARN_4 = new Client("yarn", 4, "4.18.1");
  /** The newest npm that runs on Node.js 20 (npm 12 needs Node.js 22). */
  static final Client NPM_11 = new Client("npm", 11, "11.21.3");

  /** Every client the tests run. */
  static List<Client> all() {
    return List.of(PNPM_8, PNPM_9, PNPM_10, PNPM_12, YARN_1, YARN_4, NPM_11);
  }

  /** Every pnpm the tests exercise, oldest first. */
  static List<Client> pnpms() {
    return List.of(PNPM_8, PNPM_9, PNPM_10, PNPM_12);
  }

  /** The yarn classic (1) the tests exercise, for yarn classic's yarn.lock. */
  static List<Client> yarnClassics() {
    return List.of(YARN_1);
  }

  /** The yarn berry (2 and later) the tests exercise, for berry's yarn.lock and cache zips. */
  static List<Client> yarnBerries() {
    return List.of(YARN_4);
  }

  /** The npm the tests exercise. */
  static List<Client> npms() {
    return List.of(NPM_11);
  }

  /** The clients setup-npm.sh finds when a test does not name its own: the current pnpm, yarn classic, npm. */
  private static final List<Client> DEFAULTS = List.of(PNPM_12, YARN_1, NPM_11);

  private static final Map<Client, Boolean> CHECKED = new ConcurrentHashMap<>();

  /**
   * {@code client}, after checking (once per run) that .ci/run installed exactly that version
   * where it belongs; a missing or other version fails the test naming the .ci/run step.
   */
  static Client require(Client client) throws Exception {
    if (CHECKED.containsKey(client)) {
      return client;
    }
    String installWith = "; .ci/run installs it (its block \"The npm-family clients the vendoring tests run\":"
        + " npm install -g --prefix " + client.prefix() + " " + (client.name().equals("yarn") && client.major() > 1
            ? "@yarnpkg/cli-dist" : client.name()) + "@" + client.version() + ")";
    if (!Files.isExecutable(client.executable())) {
      throw new AssertionError(client + " is not installed at " + client.executable() + installWith);
    }
    // asked outside any project, with only this client's folder before the machine's PATH
    Path home = Files.createTempDirectory("npm-client-home");
    Tools.Result version;
    try {
      version = Tools.run(Path.of("/"), home, env(List.of(client)), client.command(), "--version");
    } finally {
      Fixtures.exec(Path.of("/"), "rm", "-rf", home.toString());
    }
    if (version.exitCode() != 0 || !version.output().strip().equals(client.version())) {
      throw new AssertionError(client.executable() + " --version says " + version.output().strip() + " (exit "
          + version.exitCode() + "), not " + client.version() + installWith);
    }
    CHECKED.put(client, true);
    return client;
  }

  /**
   * The environment for a tool run that involves {@code clients}: PATH names their folders, and those
   * of the default pnpm, yarn and npm for the commands not among them, before the machine's PATH, so
   * every pnpm, yarn and npm command a script runs is one of these exact versions.
   */
  static Map<String, String> env(Client... clients) throws Exception {
    List<Client> chosen = new ArrayList<>(List.of(clients));
    for (Client c : chosen) {
      require(c);
    }
    for (Client d : DEFAULTS) {
      if (chosen.stream().noneMatch(c -> c.name().equals(d.name()))) {
        chosen.add(require(d));
      }
    }
    return env(chosen);
  }

  private static Map<String, String> env(List<Client> clients) {
    StringBuilder path = new StringBuilder();
    for (Client c : clients) {
      path.append(c.bin()).append(':');
    }
    return Map.of("PATH", path + System.getenv("PATH"));
  }
}
