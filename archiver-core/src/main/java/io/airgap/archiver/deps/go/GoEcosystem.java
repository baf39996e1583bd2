package io.airgap.archiver.deps.go;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.FetchQueue;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.deps.WantedDependency;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Go: every module version {@code go.sum} lists, fetched through the GOPROXY protocol — the
 * {@code .info} and the {@code .mod} (checked against the {@code /go.mod} hash), and the
 * {@code .zip} where go.sum holds its hash (checked as Go does, with the h1: dirhash). Laid out as
 * a module proxy tree, which the go command reads with {@code GOPROXY=file://…}; each module's
 * {@code @v/list} names the versions whose zip is carried, for {@code go list -m -versions}.
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
    FetchQueue<Wanted> queue = new FetchQueue<>(ID, "go modules", progress);
    for (DetectedManifest m : detected) {
      GoSum.parse(m.tree().read(m.path())).forEach((key, e) -> queue.add(key, new Wanted(e, List.of(m.label())),
          (a, b) -> new Wanted(new GoSum.Entry(a.entry.module(), a.entry.version(),
              a.entry.zipHash() != null ? a.entry.zipHash() : b.entry.zipHash(),
              a.entry.modHash() != null ? a.entry.modHash() : b.entry.modHash()),
              WantedDependency.appendSources(a.foundIn, b.foundIn))));
    }
    Fetched fetched = queue.fetchAll(w -> fetch(w.entry, w.foundIn));
    List<VendoredFile> files = new ArrayList<>(fetched.files());
    files.addAll(VersionLists.of(fetched.files(), cache));
    return new Fetched(files, fetched.missing());
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

  /** One module version and the go.sum files that list it. */
  private record Wanted(GoSum.Entry entry, List<String> foundIn) implements WantedDependency {
    @Override
    public String name() {
      return entry.module();
    }

    @Override
    public String version() {
      return entry.version();
    }
  }
}
