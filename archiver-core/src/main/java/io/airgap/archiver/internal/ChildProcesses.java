package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one way the archiver starts another program. The child's environment is built from an
 * allowlist, never inherited whole: {@code PATH}, the locale, the time zone, the few names its caller
 * asks to pass on (never a credential-shaped one) and what the caller sets; {@code HOME},
 * {@code TMPDIR} and its working folder lie in a fresh scratch folder, deleted afterwards. So a tool,
 * or any code it ends up running, finds no token, passphrase or cloud key of the archiver's and no
 * configuration of the user's to follow. (The program itself is looked up on this process's
 * {@code PATH}, as {@link ProcessBuilder} does.)
 */
public final class ChildProcesses {
  private static final Set<String> ALWAYS = Set.of("PATH", "LANG", "LANGUAGE", "TZ");
  private static final Pattern LOCALE = Pattern.compile("LC_[A-Z]+");
  // a second line behind the allowlist: names no caller may pass on, whatever it asks
  private static final Pattern CREDENTIAL_SHAPED = Pattern.compile(
      "(?i).*(TOKEN|PASS|SECRET|KEY|CRED|AUTH|SESSION|COOKIE).*"
      + "|(?i)(AWS|AZURE|GOOGLE|GCP|SOURCE|TARGET|PUBLISH|DEPS|ARCHIVER|PIP|NPM|GIT|GITHUB|GITLAB)_.*");
  private static final int OUTPUT_LIMIT = 64 * 1024;

  private ChildProcesses() {}

  /** A command to run: the program and its arguments. Secrets go in {@link Command#set}, never here. */
  public static Command command(List<String> argv) {
    return new Command(argv);
  }

  /** What a child did: its exit code (-1 when it was stopped), its merged output (head and tail if long). */
  public record Result(int exitCode, String output, boolean timedOut) {}

  /** A child process to start; set its variables and limits, then {@link #run()} or {@link #runIn}. */
  public static final class Command {
    private final List<String> argv;
    private final Map<String, String> set = new TreeMap<>();
    private final Set<String> inherited = new TreeSet<>();
    private Duration timeout = Duration.ofMinutes(1);

    private Command(List<String> argv) {
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("no program to run");
      }
      this.argv = List.copyOf(argv);
    }

    /** Sets one variable in the child's environment (e.g. a tool's own settings, made by the archiver). */
    public Command set(String name, String value) {
      set.put(name, value);
      return this;
    }

    /**
     * Passes these variables on from this process's environment when present, e.g. a CA bundle's
     * path a tool needs to reach the server it was given.
     *
     * @throws IllegalArgumentException for a name that looks like a credential's or another tool's settings
     */
    public Command inherit(String... names) {
      for (String name : names) {
        if (CREDENTIAL_SHAPED.matcher(name).matches()) {
          throw new IllegalArgumentException(name + " is never passed to a child process");
        }
        inherited.add(name);
      }
      return this;
    }

    /** How long the child may run before it is killed (default one minute). */
    public Command timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Runs in a scratch folder of its own, deleted afterwards. */
    public Result run() throws IOException, InterruptedException {
      try (Scratch scratch = Scratch.create(null)) {
        return runIn(scratch);
      }
    }

    /** Runs in {@code scratch}, whose {@link Scratch#dir()} holds the files the caller put there for it. */
    public Result runIn(Scratch scratch) throws IOException, InterruptedException {
      Map<String, String> env = environment(System.getenv(), inherited, set, scratch);
      Path log = scratch.root.resolve("output.log");
      ProcessBuilder pb = new ProcessBuilder(argv).directory(scratch.dir().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      try {
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          kill(p);
          return new Result(-1, read(log), true);
        }
        return new Result(p.exitValue(), read(log), false);
      } catch (InterruptedException e) {
        kill(p);
        throw e;
      }
    }
  }

  /**
   * A fresh folder for one or more children: {@link #dir()} is their working folder, {@code HOME} and
   * {@code TMPDIR} sit beside it. Closing deletes all of it.
   */
  public static final class Scratch implements AutoCloseable {
    private final Path root;

    private Scratch(Path root) {
      this.root = root;
    }

    /** @param parent where to make it (the tool's own cache), or null for the system's temporary folder */
    public static Scratch create(Path parent) throws IOException {
      Path root = parent == null ? Files.createTempDirectory("archiver-child-")
          : Files.createTempDirectory(Files.createDirectories(parent), "child-");
      Scratch scratch = new Scratch(root);
      try {
        Files.createDirectory(root.resolve("work"));
        Files.createDirectory(root.resolve("home"));
        Files.createDirectory(root.resolve("tmp"));
      } catch (IOException e) {
        scratch.close();
        throw e;
      }
      return scratch;
    }

    /** The child's working folder. */
    public Path dir() {
      return root.resolve("work");
    }

    @Override
    public void close() {
      FileTrees.deleteQuietly(root);
    }
  }

  /** The child's whole environment: the allowlisted part of {@code parent}, scratch folders, then {@code set}. */
  static Map<String, String> environment(Map<String, String> parent, Set<String> inherited, Map<String, String> set,
      Scratch scratch) {
    Map<String, String> env = new TreeMap<>();
    parent.forEach((name, value) -> {
      if (ALWAYS.contains(name) || LOCALE.matcher(name).matches() || inherited.contains(name)) {
        env.put(name, value);
      }
    });
    String tmp = scratch.root.resolve("tmp").toString();
    env.put("HOME", scratch.root.resolve("home").toString());
    env.put("TMPDIR", tmp);
    env.put("TMP", tmp);
    env.put("TEMP", tmp);
    env.putAll(set);
    return env;
  }

  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** The output, or its head and tail when long: a tool's first line names it, its last lines say why it failed. */
  private static String read(Path log) throws IOException {
    long size = Files.size(log);
    if (size <= OUTPUT_LIMIT) {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
    List<String> parts = new ArrayList<>();
    try (InputStream in = Files.newInputStream(log)) {
      parts.add(new String(in.readNBytes(OUTPUT_LIMIT / 2), StandardCharsets.UTF_8));
      in.skipNBytes(size - OUTPUT_LIMIT);
      parts.add(new String(in.readNBytes(OUTPUT_LIMIT / 2), StandardCharsets.UTF_8));
    }
    return String.join("\n...\n", parts);
  }
}
