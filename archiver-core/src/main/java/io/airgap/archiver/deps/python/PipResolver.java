package io.airgap.archiver.deps.python;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.internal.ChildProcesses;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the plain requirements of a {@code requirements*.in} ({@link PipInput}) with pip itself
 * ({@code pip install --dry-run --report}), against the configured index and for the named Python
 * version and platforms, into exact pins — the resolution pip would make, not a hand-written one.
 *
 * <p>pip runs nothing a repository or registry supplies: wheels only ({@code --only-binary=:all:}),
 * as building an sdist runs its build backend; the repository's file is never handed to it; it runs
 * through {@link ChildProcesses} (no credentials of the archiver's, a scratch {@code HOME}) with no
 * user configuration ({@code PIP_CONFIG_FILE=/dev/null}, {@code python3 -I}). The index URL and its
 * credentials go to pip through its environment, never its command line.
 */
final class PipResolver {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern NO_MATCH = Pattern.compile("No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)");

  private final Registry registry;
  private final PythonTarget target;
  private final Path work;
  private final SimpleIndex index;

  PipResolver(Registry registry, PythonTarget target, Path work, SimpleIndex index) {
    this.registry = registry;
    this.target = target;
    this.work = work;
    this.index = index;
  }

  /** @param label the {@code ref:path} of the {@code .in} file, for messages */
  List<PythonRequirement> resolve(PipInput input, String label) throws IOException, FetchException {
    try (ChildProcesses.Scratch scratch = ChildProcesses.Scratch.create(work)) {
      Path dir = scratch.dir();
      Files.writeString(dir.resolve("requirements.txt"), lines(input.requirements()));
      List<String> command = new ArrayList<>(List.of("python3", "-I", "-m", "pip", "install", "--dry-run", "--quiet",
          "--ignore-installed", "--no-input", "--no-cache-dir", "--only-binary=:all:", "--report", "report.json",
          "-r", "requirements.txt"));
      if (!input.constraints().isEmpty()) {
        Files.writeString(dir.resolve("constraints.txt"), lines(input.constraints()));
        command.addAll(List.of("-c", "constraints.txt"));
      }
      if (target.named()) {
        command.addAll(List.of("--target", dir.resolve("target").toString()));
        command.addAll(target.pipOptions());
      }
      ChildProcesses.Command pip = ChildProcesses.command(command)
          .set("PIP_INDEX_URL", indexWithCredentials())
          .set("PIP_CONFIG_FILE", "/dev/null")
          .set("PIP_DISABLE_PIP_VERSION_CHECK", "1")
          .set("PIP_KEYRING_PROVIDER", "disabled")
          // paths of CA bundles, so pip trusts an internal index's certificate as this machine does
          .inherit("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE")
          .timeout(TIMEOUT);
      proxy(pip);
      ChildProcesses.Result result;
      try {
        result = pip.runIn(scratch);
      } catch (IOException e) {
        throw new FetchException(label, "resolving its ranges needs python3 with pip on the PATH ("
            + e.getMessage() + ")", false);
      }
      if (result.timedOut()) {
        throw new FetchException(label, "pip did not resolve it within " + TIMEOUT.toMinutes() + " minutes", true);
      }
      if (result.exitCode() != 0) {
        throw new FetchException(label, "pip could not resolve it: " + explain(result.output()), false);
      }
      return read(Json.mapper().readTree(dir.resolve("report.json").toFile()), label);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(label, "interrupted", false);
    }
  }

  private static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  private static List<PythonRequirement> read(JsonNode report, String label) throws FetchException {
    List<PythonRequirement> pins = new ArrayList<>();
    for (JsonNode item : report.path("install")) {
      String name = item.path("metadata").path("name").asText();
      String version = item.path("metadata").path("version").asText();
      if (!item.path("download_info").path("url").asText("").endsWith(".whl")) {
        // --only-binary=:all: rules this out; were it to happen, nothing built it, but it is not a wheel
        throw new FetchException(label, "pip chose " + name + "==" + version + " from a file that is not a wheel", false);
      }
      pins.add(new PythonRequirement(name, version, Set.of(), List.of(label)));
    }
    return pins;
  }

  /** pip's last lines; when a requirement has no wheel but the index lists sdists of it, that, plainly. */
  private String explain(String output) {
    String pips = scrub(lastLines(output));
    Matcher m = NO_MATCH.matcher(output);
    if (!m.find()) {
      return pips;
    }
    String name = m.group(1);
    try {
      List<IndexFile> files = index.files(name);
      if (!files.isEmpty() && files.stream().noneMatch(IndexFile::isWheel) && files.stream().anyMatch(IndexFile::isSdist)) {
        return name + " is published only as an sdist (source) on the index, and building one runs its own code,"
            + " so only wheels are used; publish a wheel of " + name + " to the index, or require a version that has one";
      }
    } catch (FetchException e) {
      // pip's own words then
    }
    return pips;
  }

  /** The proxy this JVM's own downloads use for the index, if any, as pip's variables (no credentials). */
  private void proxy(ChildProcesses.Command pip) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return;
    }
    try {
      for (Proxy p : selector.select(registry.base())) {
        if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) {
          String url = "http://" + a.getHostString() + ":" + a.getPort();
          pip.set("HTTP_PROXY", url).set("HTTPS_PROXY", url);
          return;
        }
      }
    } catch (IllegalArgumentException e) {
      // a scheme no proxy applies to (file:)
    }
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
