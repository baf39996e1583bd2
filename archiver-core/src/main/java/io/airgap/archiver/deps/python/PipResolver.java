package io.airgap.archiver.deps.python;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Resolves a {@code requirements*.in} of ranges with pip itself ({@code pip install --dry-run
 * --report}), against the configured index and for the named Python version and platforms, into exact pins — the
 * resolution pip would make, not a hand-written one. The index URL and its credentials go to pip
 * through its environment, never its command line.
 */
final class PipResolver {
  private static final long TIMEOUT_MINUTES = 10;

  /** The pins pip chose, and those it would have to build from an sdist. */
  record Resolution(List<PythonRequirement> pins, List<String> sdists) {}

  private final Registry registry;
  private final PythonTarget target;
  private final Path work;

  PipResolver(Registry registry, PythonTarget target, Path work) {
    this.registry = registry;
    this.target = target;
    this.work = work;
  }

  Resolution resolve(DetectedManifest m) throws IOException, FetchException {
    Files.createDirectories(work);
    Path dir = Files.createTempDirectory(work, "pip-");
    try {
      Path in = dir.resolve("requirements.in");
      Files.write(in, m.tree().read(m.path()));
      Path report = dir.resolve("report.json");
      List<String> command = new ArrayList<>(List.of("python3", "-m", "pip", "install", "--dry-run", "--quiet",
          "--ignore-installed", "--no-input", "--report", report.toString(), "-r", in.toString()));
      if (target.named()) {
        // pip resolves for another interpreter only from wheels, as pip download --python-version does
        command.addAll(List.of("--only-binary=:all:", "--target", dir.resolve("target").toString()));
        command.addAll(target.pipOptions());
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("PIP_"));
      env.put("PIP_INDEX_URL", indexWithCredentials());
      env.put("PIP_CONFIG_FILE", "/dev/null");
      env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new FetchException(m.label(), "resolving its ranges needs python3 with pip on the PATH ("
            + e.getMessage() + ")", false);
      }
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new FetchException(m.label(), "pip did not resolve it within " + TIMEOUT_MINUTES + " minutes", true);
      }
      if (p.exitValue() != 0) {
        throw new FetchException(m.label(), "pip could not resolve it: " + scrub(lastLines(output)), false);
      }
      return read(Json.mapper().readTree(report.toFile()), m.label());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(m.label(), "interrupted", false);
    } finally {
      FileTrees.deleteQuietly(dir);
    }
  }

  private static Resolution read(JsonNode report, String label) {
    List<PythonRequirement> pins = new ArrayList<>();
    List<String> sdists = new ArrayList<>();
    for (JsonNode item : report.path("install")) {
      String name = item.path("metadata").path("name").asText();
      String version = item.path("metadata").path("version").asText();
      String url = item.path("download_info").path("url").asText("");
      if (!(url.endsWith(".whl"))) {
        sdists.add(name + "==" + version);
      }
      pins.add(new PythonRequirement(name, version, Set.of(), List.of(label)));
    }
    return new Resolution(pins, sdists);
  }

  /** The index URL with the registry's basic-auth credentials as pip expects them, in the user info. */
  private String indexWithCredentials() {
    URI base = registry.base();
    if (registry.username() == null) {
      return base.toString();
    }
    try {
      String user = URLEncoder.encode(registry.username(), StandardCharsets.UTF_8);
      String pass = URLEncoder.encode(registry.password() == null ? "" : registry.password(), StandardCharsets.UTF_8);
      return new URI(base.getScheme(), null, base.getHost(), base.getPort(), base.getPath(), null, null).toString()
          .replaceFirst("://", "://" + user + ":" + pass + "@");
    } catch (URISyntaxException e) {
      return base.toString();
    }
  }

  /** pip masks passwords in URLs itself; this also removes them should it not. */
  private String scrub(String text) {
    String out = text.replaceAll("//[^/@\\s]*@", "//");
    String password = registry.password();
    return password == null || password.isEmpty() ? out : out.replace(password, "***");
  }

  private static String lastLines(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
  }
}
