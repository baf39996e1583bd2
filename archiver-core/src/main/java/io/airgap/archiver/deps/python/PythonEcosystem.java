package io.airgap.archiver.deps.python;

import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.ExpectedDigest;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.FetchQueue;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Python: the pins of {@code requirements*.txt}, {@code poetry.lock} and {@code Pipfile.lock}, and
 * the ranges of {@code requirements*.in} as pip resolves them here, from wheels only and running nothing
 * the repository or index supplies (recorded under {@code resolved/}),
 * fetched from a PEP 503/691 simple index into a flat wheelhouse ({@code pip --find-links}).
 * Every file of the pinned version is taken — or, with a Python version or platforms named, the wheels for them
 * (the sdist when none fits) — leaving out files the pin's hashes exclude; each is checked
 * against the index's SHA-256 and the pin's hashes.
 */
public final class PythonEcosystem implements DependencyEcosystem {
  public static final String PUBLIC_INDEX = "https://pypi.org/simple/";
  static final String ID = "python";

  private final Registry registry;
  private final Downloader downloader;
  private final Path cache;
  private final PythonTarget target;
  private final ProgressListener progress;

  /**
   * @param pythonVersion the air-gapped side's {@code major.minor}, or null for any
   * @throws IllegalArgumentException when {@code pythonVersion} is not a {@code major.minor} version
   */
  public PythonEcosystem(Registry registry, Downloader downloader, Path cache, List<String> platforms,
      String pythonVersion, ProgressListener progress) {
    this.registry = registry;
    this.downloader = downloader;
    this.cache = cache;
    this.target = new PythonTarget(pythonVersion, platforms);
    this.progress = progress;
  }

  /** @throws IllegalArgumentException naming the option when {@code pythonVersion} is not {@code major.minor} */
  public static void checkPythonVersion(String pythonVersion) {
    new PythonTarget(pythonVersion, List.of());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<DetectedManifest> detect(SourceTree tree) {
    List<DetectedManifest> found = new ArrayList<>();
    for (String path : tree.paths()) {
      if (path.contains("site-packages/") || path.contains("node_modules/")) {
        continue;
      }
      String file = path.substring(path.lastIndexOf('/') + 1);
      if (file.matches("requirements.*\\.(txt|in)") || file.equals("poetry.lock") || file.equals("Pipfile.lock")) {
        found.add(new DetectedManifest(ID, tree, path));
      }
    }
    return found;
  }

  @Override
  public Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException {
    FetchQueue<PythonRequirement> queue = new FetchQueue<>(ID, "python distributions", progress);
    Map<String, List<PythonRequirement>> resolutions = new TreeMap<>();
    for (DetectedManifest m : detected) {
      if (m.path().endsWith(".in")) {
        resolve(m, queue, resolutions);
        continue;
      }
      RequirementsFile.Parsed parsed;
      try {
        parsed = m.path().endsWith("poetry.lock") ? PythonLocks.poetry(m.tree(), m.path())
            : m.path().endsWith("Pipfile.lock") ? PythonLocks.pipfile(m.tree(), m.path())
            : RequirementsFile.parse(m.tree(), m.path());
      } catch (IOException e) {
        throw new IOException("cannot read " + m.label() + ": " + e.getMessage(), e);
      }
      parsed.warnings().forEach(progress::warn);
      parsed.pins().forEach(p -> queue.add(p.key(), p, PythonRequirement::merge));
    }
    Fetched fetched = queue.fetchAll(this::fetch);
    if (resolutions.isEmpty()) {
      return fetched;
    }
    List<VendoredFile> files = new ArrayList<>(fetched.files());
    for (Map.Entry<String, List<PythonRequirement>> r : resolutions.entrySet()) {
      files.add(Resolutions.write(r.getKey(), r.getValue(), target, cache));
    }
    return new Fetched(files, fetched.missing());
  }

  /**
   * Ranges: pip resolves them on this side from the plain requirements only, wheels only; its pins are
   * fetched as any others and the resolution recorded. A refused line is a missing dependency.
   */
  private void resolve(DetectedManifest m, FetchQueue<PythonRequirement> queue,
      Map<String, List<PythonRequirement>> resolutions) throws IOException {
    PipInput input;
    try {
      input = PipInput.read(m.tree(), m.path());
    } catch (IOException e) {
      throw new IOException("cannot read " + m.label() + ": " + e.getMessage(), e);
    }
    input.warnings().forEach(progress::warn);
    input.refused().forEach(r -> queue.missing(r.name(), null, r.reason(), List.of(m.label())));
    if (input.requirements().isEmpty()) {
      progress.info(m.label() + ": no requirement by name left for pip to resolve");
      return;
    }
    List<PythonRequirement> pins;
    try {
      pins = new PipResolver(registry, target, cache.resolve("work"), new SimpleIndex(registry, downloader))
          .resolve(input, m.label());
    } catch (FetchException e) {
      queue.missing(m.path(), null, e.reason(), List.of(m.label()));
      return;
    }
    progress.info(m.label() + ": pip resolved " + pins.size() + " distribution(s)"
        + (target.named() ? " for " + target.describe() : ""));
    pins.forEach(p -> queue.add(p.key(), p, PythonRequirement::merge));
    resolutions.put(m.label(), pins);
  }

  private List<VendoredFile> fetch(PythonRequirement pin) throws FetchException, ChecksumMismatchException {
    String what = "python " + pin.name() + "==" + pin.version();
    List<IndexFile> candidates = new ArrayList<>();
    for (IndexFile f : new SimpleIndex(registry, downloader).files(pin.name())) {
      boolean hashAllowed = pin.sha256s().isEmpty() || f.sha256() == null || pin.sha256s().contains(f.sha256().toLowerCase());
      if (f.matches(pin.name(), pin.version()) && (f.isWheel() || f.isSdist()) && hashAllowed) {
        candidates.add(f);
      }
    }
    List<IndexFile> chosen = choose(candidates, what);
    if (chosen.isEmpty()) {
      throw new FetchException(what, "the index lists no " + (pin.sha256s().isEmpty() ? "" : "hash-matching ")
          + "wheel or sdist of this version" + (target.named() ? " for " + target.describe() : ""), false);
    }
    List<VendoredFile> out = new ArrayList<>();
    for (IndexFile f : chosen) {
      if (!f.fileName().matches("[A-Za-z0-9][A-Za-z0-9._+!-]*") || f.fileName().contains("..")) {
        throw new FetchException(what, "the index names a file '" + f.fileName() + "' that is not a plain file name", false);
      }
      List<ExpectedDigest> expected = new ArrayList<>();
      if (f.sha256() != null) {
        expected.add(ExpectedDigest.sha256(f.sha256()));
      }
      String fileWhat = what + " (" + f.fileName() + ")";
      if (expected.isEmpty() && pin.sha256s().isEmpty()) {
        throw new FetchException(fileWhat, "the index gives no SHA-256 for it and the pin no --hash, so it cannot be checked", false);
      }
      Path target = cache.resolve(f.fileName());
      String sha256 = downloader.fetch(registry, f.url(), target, expected, Downloader.Check.NONE, fileWhat);
      if (!pin.sha256s().isEmpty() && !pin.sha256s().contains(sha256)) {
        throw new ChecksumMismatchException(fileWhat + ": checksum mismatch: its SHA-256 " + sha256
            + " is none of the hashes pinned in " + String.join(", ", pin.foundIn()));
      }
      out.add(new VendoredFile(ID, f.fileName(), target, sha256, PythonRequirement.normalize(pin.name()),
          pin.version(), null, Purls.pypi(PythonRequirement.normalize(pin.name()), pin.version(),
          f.fileName()), true, pin.foundIn()));
    }
    return out;
  }

  /** Every file, or with a Python version or platforms named the wheels for them, falling back to the sdist. */
  private List<IndexFile> choose(List<IndexFile> candidates, String what) {
    if (!target.named()) {
      return candidates;
    }
    List<IndexFile> wheels = candidates.stream().filter(f -> f.isWheel() && target.accepts(f)).toList();
    if (!wheels.isEmpty()) {
      return wheels;
    }
    List<IndexFile> sdists = candidates.stream().filter(IndexFile::isSdist).toList();
    if (!sdists.isEmpty()) {
      progress.warn(what + ": no wheel for " + target.describe() + "; carrying the sdist, which needs a build on the"
          + " air-gapped side");
    }
    return sdists;
  }
}
