package io.airgap.archiver.cli;

import io.airgap.archiver.internal.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the stock tools an air-gapped site uses beside the archiver ({@code git}, {@code git-lfs},
 * {@code gpg}, {@code sha256sum}: the archive's own restore scripts and the officer's checks) on the
 * {@code PATH} and asks each for its version. The archiver itself needs none of them.
 */
final class ExternalTools {
  /** Tool name and the arguments that make it print its version. */
  static final Map<String, String[]> TOOLS = new LinkedHashMap<>();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

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

  /** The first line the tool prints, run as every child is: scrubbed environment, scratch folder. */
  private static String version(Path tool, String[] args) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(args));
    try {
      ChildProcesses.Result r = ChildProcesses.command(command).timeout(TIMEOUT).run();
      if (r.timedOut()) {
        return "(did not answer within " + TIMEOUT.toSeconds() + " s)";
      }
      String first = r.output().lines().findFirst().orElse("").strip();
      return r.exitCode() == 0 ? first : "(exit " + r.exitCode() + ": " + first + ")";
    } catch (IOException e) {
      return "(cannot run: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
