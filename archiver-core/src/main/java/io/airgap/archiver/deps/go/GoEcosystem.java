package io.airgap.archiver.deps.go;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go: every module version {@code go.sum} lists, fetched through the GOPROXY protocol — the
 * {@code .info} and the {@code .mod} (checked against the {@code /go.mod} hash), and the
 * {@code .zip} where go.sum holds its hash (checked as Go does, with the h1: dirhash). Laid out as
 * a module proxy tree, which the go command reads with {@code GOPROXY=file://…}.
 */
public final class GoEcosystem implements DependencyEcosystem {
  public static final String PUBLIC_PROXY = "https://proxy.golang.org/";
  static final String ID = "go";

  private final Registry proxy;
  private final Downloader downloader;
  private final Path cache;
  private final ProgressListener progress;

  public GoEcosystem(Registry proxy, Downloader downloader, Path cache, ProgressListener progress) {
    this.proxy = proxy;
    this.downloader = downloader;
    this.cache = cache;
    this.progress = progress;
  }

  /** The first proxy URL of a GOPROXY list ({@code https://a,https://b|direct}), or null for none. */
  public static String firstProxy(String goproxy) {
    if (goproxy == null) {
      return null;
    }
    for (String part : goproxy.split("[,|]")) {
      String p = part.trim();
      if (!p.isEmpty() && !p.equals("direct") && !p.equals("off")) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<DetectedManifest> detect(SourceTree tree) throws IOException {
    List<DetectedManifest> found = new ArrayList<>();
    for (String path : tree.paths()) {
      if (!(path.equals("go.mod") || path.endsWith("/go.mod")) || path.contains("vendor/") || path.contains("testdata/")) {
        continue;
      }
      String sum = path.substring(0, path.length() - "go.mod".length()) + "go.sum";
      if (tree.exists(sum)) {
        found.add(new DetectedManifest(ID, tree, sum));
      } else if (new String(tree.read(path), StandardCharsets.UTF_8).contains("require")) {
        progress.warn(tree.label(path) + " requires modules but has no go.sum to check them against; run"
            + " `go mod tidy` and commit go.sum to vendor them");
      }
    }
    return found;
  }

  @Override
  public Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException {
    Map<String, GoSum.Entry> modules = new LinkedHashMap<>();
    Map<String, List<String>> foundIn = new LinkedHashMap<>();
    for (DetectedManifest m : detected) {
      GoSum.parse(m.tree().read(m.path())).forEach((key, e) -> {
        modules.merge(key, e, (a, b) -> new GoSum.Entry(a.module(), a.version(),
            a.zipHash() != null ? a.zipHash() : b.zipHash(), a.modHash() != null ? a.modHash() : b.modHash()));
        List<String> sources = foundIn.computeIfAbsent(key, k -> new ArrayList<>());
        if (!sources.contains(m.label())) {
          sources.add(m.label());
        }
      });
    }
    List<VendoredFile> files = new ArrayList<>();
    List<MissingDependency> missing = new ArrayList<>();
    int done = 0;
    for (Map.Entry<String, GoSum.Entry> e : modules.entrySet()) {
      GoSum.Entry m = e.getValue();
      List<String> sources = foundIn.get(e.getKey());
      try {
        files.addAll(fetch(m, sources));
      } catch (FetchException ex) {
        missing.add(new MissingDependency(ID, m.module(), m.version(), ex.reason(), sources));
      }
      progress.onEvent(new ProgressEvent.Progress("go modules", ++done, modules.size(), ProgressEvent.Unit.ITEMS));
    }
    return new Fetched(files, missing);
  }

  private List<VendoredFile> fetch(GoSum.Entry m, List<String> sources) throws FetchException, ChecksumMismatchException {
    String what = "go " + m.module() + "@" + m.version();
    String base;
    try {
      base = ModulePaths.escape(m.module()) + "/@v/" + ModulePaths.escapeVersion(m.version());
    } catch (IllegalArgumentException ex) {
      throw new FetchException(what, ex.getMessage(), false);
    }
    String purl = Purls.golang(m.module(), m.version());
    List<VendoredFile> out = new ArrayList<>();
    out.add(file(base + ".info", m, null, purl, false, sources, what + " (info)", file -> {
      JsonNode info = Json.mapper().readTree(Files.readAllBytes(file));
      if (!m.version().equals(info.path("Version").asText())) {
        throw new ChecksumMismatchException(what + " (info): the proxy describes version '"
            + info.path("Version").asText() + "' instead");
      }
    }));
    if (m.modHash() != null) {
      out.add(file(base + ".mod", m, m.modHash(), purl, m.zipHash() == null, sources, what + " (go.mod)",
          file -> expect(m.modHash(), ModuleHash.ofGoMod(file), what + " (go.mod)")));
    }
    if (m.zipHash() != null) {
      out.add(file(base + ".zip", m, m.zipHash(), purl, true, sources, what + " (zip)",
          file -> expect(m.zipHash(), ModuleHash.ofZip(file), what + " (zip)")));
    }
    return out;
  }

  private VendoredFile file(String path, GoSum.Entry m, String hash, String purl, boolean primary, List<String> sources,
      String what, Downloader.Check check) throws FetchException, ChecksumMismatchException {
    Path target = cache.resolve(path);
    String sha256 = downloader.fetch(proxy, proxy.resolve(path), target, List.of(), check, what);
    return new VendoredFile(ID, path, target, sha256, m.module(), m.version(), hash, purl, primary, sources);
  }

  private static void expect(String declared, String actual, String what) throws ChecksumMismatchException {
    if (!declared.equals(actual)) {
      throw new ChecksumMismatchException(what + ": checksum mismatch: go.sum says " + declared
          + ", the proxy's file hashes to " + actual);
    }
  }
}
