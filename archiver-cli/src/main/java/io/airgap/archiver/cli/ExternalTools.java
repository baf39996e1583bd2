package io.airgap.archiver.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the stock tools an air-gapped site uses beside the archiver ({@code git}, {@code git-lfs},
 * {@code gpg}, {@code sha256sum}: the archive's own restore scripts and the officer's checks) on the
 * {@code PATH} and asks each for its version. The archiver itself needs none of them.
 */
final class ExternalTools {
  /** Tool name and the arguments that make it print its version. */
  static final Map<String, String[]> TOOLS = new LinkedHashMap<>();

  static {
    TOOLS.put("git", new String[] {"--version"});
    TOOLS.put("git-lfs", new String[] {"version"});
    TOOLS.put("gpg", new String[] {"--version"});
    TOOLS.put("sha256sum", new String[] {"--version"});
  }

  private ExternalTools() {}

  /** One tool: where it is ({@code null}: not found) and the first line of its version output. */
  record Found(String name, Path path, String version) {}

  static Found find(String name, String pathVariable) {
    Path path = onPath(name, pathVariable);
    if (path == null) {
      return new Found(name, null, null);
    }
    return new Found(name, path, version(path, TOOLS.get(name)));
  }

  private static Path onPath(String name, String pathVariable) {
    if (pathVariable == null) {
      return null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String version(Path tool, String[] args) {
    String[] command = new String[args.length + 1];
    command[0] = tool.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "(did not answer within 10 s)";
      }
      String first = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      return p.exitValue() == 0 ? first : "(exit " + p.exitValue() + ": " + first + ")";
    } catch (IOException e) {
      return "(cannot run: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
