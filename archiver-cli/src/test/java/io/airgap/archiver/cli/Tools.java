package io.airgap.archiver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's stock tools (npm, pip, go, mvn, tar, sh) as a user whose home is a test
 * folder, with the host's tool settings (npm_config_*, PIP_*, GO*, MAVEN_*) removed so only what
 * the test sets up counts.
 */
final class Tools {
  private Tools() {}

  /** Exit code and combined output. */
  record Result(int exitCode, String output) {
    Result expectSuccess(String what) {
      if (exitCode != 0) {
        throw new AssertionError(what + " failed (" + exitCode + "):\n" + output);
      }
      return this;
    }
  }

  static Result run(Path dir, Path home, Map<String, String> extraEnv, String... command)
      throws IOException, InterruptedException {
    Files.createDirectories(home);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.toLowerCase().startsWith("npm_config_") || k.startsWith("PIP_")
        || k.startsWith("GO") || k.startsWith("MAVEN_") || k.startsWith("XDG_") || k.equals("NODE_OPTIONS")
        || k.startsWith("PYTHON") || k.startsWith("PNPM_"));
    env.put("HOME", home.toString());
    env.putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(List.of(command) + " did not finish");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
