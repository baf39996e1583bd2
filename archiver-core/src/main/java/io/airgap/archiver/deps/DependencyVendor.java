package io.airgap.archiver.deps;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Create's dependency step: finds what the archived trees pin in every ecosystem, fetches it
 * (checked) into the shared cache, and turns it into payload entries, manifest records and the
 * SBOM. Files the base archive's chain already carries are recorded but not written again.
 */
public final class DependencyVendor {
  private final Path cacheRoot;
  private final Map<String, String> env;
  private final DependencySpec spec;
  private final ProgressListener progress;

  public DependencyVendor(Path cacheRoot, Map<String, String> env, DependencySpec spec, ProgressListener progress) {
    this.cacheRoot = cacheRoot;
    this.env = env;
    this.spec = spec;
    this.progress = progress;
  }

  /** The archive entry of a file at {@code path} under an ecosystem's folder. */
  public static String entryName(String ecosystem, String path) {
    return ArchiveLayout.DEPENDENCIES + ecosystem + "/" + path;
  }

  /**
   * @param held keys ({@link DependencyRecords#key}) of files the receiver already holds from the base chain
   */
  public VendorResult vendor(SourceState state, String sourceName, Instant createdAt, Set<String> held)
      throws ArchiverException {
    List<SourceTree> trees = trees(state);
    List<DependencyEcosystem> ecosystems;
    try {
      ecosystems = Ecosystems.create(cacheRoot.resolve("deps"), env, spec, progress);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    Map<String, VendoredFile> files = new TreeMap<>();
    Map<String, MissingDependency> missing = new TreeMap<>();
    for (DependencyEcosystem ecosystem : ecosystems) {
      List<DetectedManifest> detected = new ArrayList<>();
      try {
        for (SourceTree tree : trees) {
          detected.addAll(ecosystem.detect(tree));
        }
        if (detected.isEmpty()) {
          continue;
        }
        progress.info(ecosystem.id() + ": vendoring the dependencies of " + String.join(", ",
            detected.stream().map(DetectedManifest::label).toList()));
        Fetched fetched = ecosystem.fetch(detected);
        for (VendoredFile f : fetched.files()) {
          if (safe(f.path())) {
            merge(files, f);
          } else {
            MissingDependency unsafe = new MissingDependency(f.ecosystem(), f.name(), f.version(),
                "its path '" + f.path() + "' would not stay inside dependencies/", f.foundIn());
            missing.putIfAbsent(unsafe.describe(), unsafe);
          }
        }
        fetched.missing().forEach(m -> missing.merge(m.describe(), m, (a, b) -> new MissingDependency(a.ecosystem(),
            a.name(), a.version(), a.reason(), DependencyRecords.mergeSources(a.foundIn(), b.foundIn()))));
      } catch (ChecksumMismatchException e) {
        throw new OperationFailedException(e.getMessage() + ". The registry served content that does not match"
            + " its declared checksum, so nothing was archived; check the registry or mirror.", e);
      } catch (IOException e) {
        throw new OperationFailedException(ecosystem.id() + ": " + e.getMessage(), e);
      }
    }
    if (!missing.isEmpty() && !spec.bestEffort()) {
      List<String> lines = missing.values().stream().map(MissingDependency::describe).toList();
      throw new OperationFailedException(lines.size() + " dependenc" + (lines.size() == 1 ? "y" : "ies")
          + " could not be fetched:\n  " + String.join("\n  ", lines.subList(0, Math.min(50, lines.size())))
          + (lines.size() > 50 ? "\n  ..." : "")
          + "\nFix the registry settings (--maven-repo, --npm-registry, --pip-index, --goproxy), or pass"
          + " --deps-best-effort to record them as missing, or --no-deps.");
    }
    missing.values().forEach(m -> progress.warn("dependency not vendored: " + m.describe()));
    return result(files, missing, sourceName, createdAt, held);
  }

  private VendorResult result(Map<String, VendoredFile> files, Map<String, MissingDependency> missing,
      String sourceName, Instant createdAt, Set<String> held) throws OperationFailedException {
    if (files.isEmpty() && missing.isEmpty()) {
      return VendorResult.EMPTY;
    }
    List<PayloadEntry> payload = new ArrayList<>();
    List<Dependency> records = new ArrayList<>();
    Set<String> keys = new HashSet<>(held);
    Map<String, List<String>> declared = Licenses.declaredByPurl(files.values());
    Map<String, String> licenseByPurl = new HashMap<>();
    declared.forEach((purl, texts) -> licenseByPurl.put(purl, Licenses.expression(texts)));
    int skipped = 0;
    try {
      for (VendoredFile f : files.values()) {
        String key = DependencyRecords.key(f.sha256(), f.entryName());
        boolean inBase = held.contains(key);
        if (inBase) {
          skipped++;
        } else {
          payload.add(PayloadEntry.ofFile(f.entryName(), f.file(), f.sha256(), compressible(f.path())));
        }
        keys.add(key);
        records.add(DependencyRecords.of(f, inBase, licenseByPurl.get(f.purl())));
      }
    } catch (IOException e) {
      throw new OperationFailedException("a vendored file vanished from the cache: " + e.getMessage(), e);
    }
    missing.values().forEach(m -> records.add(DependencyRecords.of(m)));
    if (!files.isEmpty()) {
      payload.add(PayloadEntry.ofBytes(SbomWriter.ENTRY,
          SbomWriter.write(List.copyOf(files.values()), declared, sourceName, createdAt), TarGzWriter.MODE_FILE));
    }
    progress.info("dependencies: " + Plural.of(files.size(), "file") + (skipped > 0 ? ", " + skipped
        + " already carried by the base archive's chain" : "") + (missing.isEmpty() ? "" : ", " + missing.size()
        + " missing"));
    return new VendorResult(payload, records, keys, missing.size());
  }

  private List<SourceTree> trees(SourceState state) throws OperationFailedException {
    Map<String, String> chosen = new LinkedHashMap<>();
    if (state.head() != null && state.refs().containsKey(state.head())) {
      chosen.put(state.head(), state.refs().get(state.head()));
    } else {
      progress.warn("the default branch is not among the archived refs; dependencies are vendored only for"
          + " --deps-refs");
    }
    if (!spec.refGlobs().isEmpty()) {
      RefFilter filter = RefFilter.of(spec.refGlobs(), List.of());
      state.refs().forEach((ref, id) -> {
        if (filter.accepts(ref)) {
          chosen.putIfAbsent(ref, id);
        }
      });
    }
    List<SourceTree> trees = new ArrayList<>();
    Set<String> commits = new HashSet<>();
    for (Map.Entry<String, String> e : chosen.entrySet()) {
      try {
        SourceTree tree = SourceTree.of(state.cache(), e.getKey(), e.getValue());
        if (commits.add(tree.commit())) {
          trees.add(tree);
        }
      } catch (IOException ex) {
        progress.warn("cannot read the tree of " + e.getKey() + " (" + ex.getMessage() + "); not scanned for"
            + " dependencies");
      }
    }
    return trees;
  }

  private static void merge(Map<String, VendoredFile> files, VendoredFile f) {
    files.merge(f.entryName(), f, (a, b) -> {
      if (!a.sha256().equals(b.sha256())) {
        throw new IllegalStateException(f.entryName() + " was fetched twice with different content");
      }
      return new VendoredFile(a.ecosystem(), a.path(), a.file(), a.sha256(), a.name(), a.version(), a.integrity(),
          a.purl(), a.primary(), DependencyRecords.mergeSources(a.foundIn(), b.foundIn()));
    });
  }

  /** A relative path of plain segments: the registry chose the names, and they must not escape the folder. */
  private static boolean safe(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean compressible(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    return !(p.endsWith(".tgz") || p.endsWith(".gz") || p.endsWith(".zip") || p.endsWith(".whl")
        || p.endsWith(".jar") || p.endsWith(".war") || p.endsWith(".bz2") || p.endsWith(".xz"));
  }
}
