package io.airgap.archiver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the machine's C git with a fixed identity and clock, isolated from the user's config. */
public final class CGit {
  private CGit() {}

  /** The outcome of one git run. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result requireSuccess(List<String> args) {
      if (exitCode != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed (" + exitCode + "): " + stderr);
      }
      return this;
    }
  }

  /** Runs git in {@code dir} and fails the test if it fails; returns stdout. */
  public static String git(Path dir, String... args) {
    return run(dir, args).requireSuccess(List.of(args)).stdout();
  }

  public static Result run(Path dir, String... args) {
    return run(dir, Map.of(), args);
  }

  /** Runs git with {@code extraEnv} added to (or replacing) the fixed environment. */
  public static Result run(Path dir, Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_AUTHOR_NAME", "Test Author");
    env.put("GIT_AUTHOR_EMAIL", "author@example.com");
    env.put("GIT_COMMITTER_NAME", "Test Committer");
    env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
    env.put("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z");
    env.put("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.putAll(extraEnv);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
      errReader.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      errReader.join();
      return new Result(code, out, err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** {@code git for-each-ref} of a repository, one "id type name" line per ref. */
  public static String refs(Path repo) {
    return git(repo, "for-each-ref", "--format=%(objectname) %(objecttype) %(refname)");
  }
}
