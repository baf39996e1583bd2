package io.airgap.archiver.deps.npm;

import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.ExpectedDigest;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.FetchQueue;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.deps.WantedDependency;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * npm and yarn classic: every package of {@code package-lock.json} / {@code npm-shrinkwrap.json} /
 * {@code yarn.lock} (v1) / {@code pnpm-lock.yaml} (v6 to v9), fetched from its {@code resolved} URL (moved onto the configured
 * registry, if one was named) and checked against its {@code integrity}. Laid out as
 * {@code <name>/-/<name>-<version>.tgz}, the registry's own tarball paths; {@code setup-npm.sh}
 * adds them to npm's content-addressed cache, where {@code npm ci --offline} finds them by that
 * integrity, and makes yarn's offline mirror of them. A package pinned without a {@code resolved}
 * URL (npm's {@code omit-lockfile-registry-resolved}) also brings its registry document, trimmed
 * to the vendored versions, as {@code <name>/index.json}: npm looks such a package up by name, so
 * setup-npm.sh files the document in the cache under the registry's URL. Every package of a pnpm
 * lock file brings its document too: offline pnpm reads it from its metadata cache.
 * A yarn 4 (berry) {@code yarn.lock} pins cache zips, not tarballs: each is made from the registry
 * tarball as yarn makes it and checked against the lock file's SHA-512, as
 * {@code yarn-berry/<name>-npm-<version>-<hash>-10c0.zip}, which setup-npm.sh copies into yarn's cache.
 */
public final class NpmEcosystem implements DependencyEcosystem {
  public static final String PUBLIC_REGISTRY = "https://registry.npmjs.org/";
  static final String ID = "npm";
  /** The file name of a package's registry document, beside its {@code -/} folder of tarballs. */
  static final String DOCUMENT = "index.json";
  private static final String YARN_LOCK = "yarn.lock";
  private static final String PNPM_LOCK = "pnpm-lock.yaml";
  /** yarn berry's cache zips, under the names yarn gives them; setup-npm.sh copies them into yarn's cache. */
  private static final String BERRY_DIR = "yarn-berry";

  private final Registry registry;
  private final Downloader downloader;
  private final Path cache;
  private final ProgressListener progress;

  public NpmEcosystem(Registry registry, Downloader downloader, Path cache, ProgressListener progress) {
    this.registry = registry;
    this.downloader = downloader;
    this.cache = cache;
    this.progress = progress;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<DetectedManifest> detect(SourceTree tree) {
    List<DetectedManifest> found = new ArrayList<>();
    for (String path : tree.paths()) {
      if (path.contains("node_modules/")) {
        continue;
      }
      String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
      String file = path.substring(dir.length());
      // npm reads npm-shrinkwrap.json in preference to package-lock.json in the same folder
      if (file.equals("npm-shrinkwrap.json") || file.equals(YARN_LOCK) || file.equals(PNPM_LOCK)
          || (file.equals("package-lock.json") && !tree.exists(dir + "npm-shrinkwrap.json"))) {
        found.add(new DetectedManifest(ID, tree, path));
      }
    }
    return found;
  }

  @Override
  public Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException {
    FetchQueue<Wanted> queue = new FetchQueue<>(ID, "npm packages", progress);
    FetchQueue<Document> documents = new FetchQueue<>(ID, "npm registry documents", progress);
    FetchQueue<BerryZip> berry = new FetchQueue<>(ID, "yarn cache zips", progress);
    Map<String, Map<String, String>> versions = new TreeMap<>();
    for (DetectedManifest m : detected) {
      List<NpmLockfile.Package> packages;
      boolean pnpm = m.path().endsWith(PNPM_LOCK);
      try {
        byte[] content = m.tree().read(m.path());
        if (m.path().endsWith(YARN_LOCK) && YarnLockfile.isBerry(content)) {
          addBerry(m, YarnBerryLockfile.parse(content), berry);
          continue;
        }
        packages = m.path().endsWith(YARN_LOCK) ? YarnLockfile.parse(content)
            : pnpm ? PnpmLockfile.parse(content) : NpmLockfile.parse(content);
      } catch (IOException e) {
        throw new IOException("cannot read " + m.label() + ": " + e.getMessage(), e);
      }
      for (NpmLockfile.Package p : packages) {
        String local = p.resolved() == null ? "" : p.resolved();
        if (local.startsWith("file:") || (p.resolved() == null && p.version() == null)) {
          continue; // part of the repository itself
        }
        if (p.version() == null || p.integrity() == null || local.startsWith("git") || local.startsWith("github:")) {
          queue.missing(p.name(), p.version(), p.integrity() == null
              ? "the lock file gives no integrity to check it against" : "only registry tarballs are vendored, not "
              + local.replaceAll("//[^/@]*@", "//"), List.of(m.label()));
          continue;
        }
        String path;
        try {
          path = tarballPath(p.name(), p.version());
        } catch (IllegalArgumentException e) {
          queue.missing(p.name(), p.version(), e.getMessage(), List.of(m.label()));
          continue;
        }
        queue.add(path + " " + p.integrity(), new Wanted(p, path, List.of(m.label())),
            (a, b) -> new Wanted(a.pkg, a.path, WantedDependency.appendSources(a.foundIn, b.foundIn)));
        versions.computeIfAbsent(p.name(), k -> new TreeMap<>()).putIfAbsent(p.version(), p.integrity());
        if (p.resolved() == null || pnpm) {
          // npm looks a package without a resolved URL up by name, offline pnpm checks every
          // package against its metadata: both need the registry's document
          documents.add(p.name(), new Document(p.name(), versions.get(p.name()), List.of(m.label())),
              (a, b) -> new Document(a.name, a.versions, WantedDependency.appendSources(a.foundIn, b.foundIn)));
        }
      }
    }
    List<VendoredFile> files = new ArrayList<>();
    List<MissingDependency> missing = new ArrayList<>();
    for (Fetched f : List.of(queue.fetchAll(this::fetch), documents.fetchAll(this::fetch), berry.fetchAll(this::fetch))) {
      files.addAll(f.files());
      missing.addAll(f.missing());
    }
    return new Fetched(files, missing);
  }

  /** A yarn berry lock file's registry packages, to be carried as the cache zips it pins. */
  private void addBerry(DetectedManifest m, YarnBerryLockfile.Parsed lock, FetchQueue<BerryZip> berry) {
    if (!lock.cacheKey().equals(YarnCacheZip.CACHE_KEY)) {
      progress.warn(m.label() + ": a yarn berry lock file with cacheKey " + lock.cacheKey() + "; only yarn 4's"
          + " default cache (cacheKey " + YarnCacheZip.CACHE_KEY + ") is vendored");
      return;
    }
    for (YarnBerryLockfile.Package p : lock.packages()) {
      try {
        if (p.unsupported() == null) {
          tarballPath(p.name(), p.version());
        }
      } catch (IllegalArgumentException e) {
        berry.missing(p.name(), p.version(), e.getMessage(), List.of(m.label()));
        continue;
      }
      if (p.unsupported() != null) {
        berry.missing(p.name(), p.version(), p.unsupported(), List.of(m.label()));
        continue;
      }
      berry.add(p.name() + "@" + p.version() + " " + p.checksum(),
          new BerryZip(p.name(), p.version(), p.checksum(), List.of(m.label())),
          (a, b) -> new BerryZip(a.name, a.version, a.checksum, WantedDependency.appendSources(a.foundIn, b.foundIn)));
    }
  }

  /**
   * yarn's cache zip of a registry tarball, as {@code yarn-berry/<file>.zip}: the zip made from the
   * tarball must have the SHA-512 yarn.lock pins, else it is another tarball than the one locked.
   */
  private List<VendoredFile> fetch(BerryZip p) throws FetchException, ChecksumMismatchException {
    String what = "npm " + p.name() + "@" + p.version() + " (yarn cache zip)";
    Path tarball = cache.resolve(BERRY_DIR + "-tarballs").resolve(tarballPath(p.name(), p.version()));
    downloader.fetch(registry, registry.resolve(registryPath(p.name(), p.version())), tarball, List.of(),
        Downloader.Check.NONE, what);
    byte[] zip;
    try {
      zip = YarnCacheZip.of(tarball, p.name());
    } catch (IOException e) {
      throw new FetchException(what, "cannot make yarn's cache zip of it: " + e.getMessage(), false);
    }
    String sha512 = YarnCacheZip.sha512Hex(zip);
    if (!sha512.equals(p.checksum())) {
      try {
        Files.deleteIfExists(tarball);
      } catch (IOException e) {
        // fetched again next time anyway: the zip is checked every run
      }
      throw new ChecksumMismatchException(what + ": checksum mismatch: the cache zip of the registry's tarball has"
          + " SHA-512 " + sha512 + ", yarn.lock pins " + p.checksum());
    }
    String path = BERRY_DIR + "/" + YarnCacheZip.fileName(p.name(), p.version());
    Path target = cache.resolve(path);
    try {
      Files.createDirectories(target.getParent());
      try (AtomicFileWriter out = AtomicFileWriter.open(target)) {
        out.stream().write(zip);
        out.commitReplacing();
      }
    } catch (IOException e) {
      throw new FetchException(what, "cannot write it to the cache at " + target + ": " + e.getMessage(), false);
    }
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha512));
    return List.of(new VendoredFile(ID, path, target, Sha256.of(zip), p.name(), p.version(), integrity,
        Purls.npm(p.name(), p.version()), true, p.foundIn()));
  }

  /** The registry's document of a package, trimmed to the versions vendored, as {@code <name>/index.json}. */
  private List<VendoredFile> fetch(Document d) throws FetchException, ChecksumMismatchException {
    String what = "npm " + d.name + " (registry document)";
    String path = d.name + "/" + DOCUMENT;
    Path target = cache.resolve(path);
    byte[] trimmed;
    try {
      Downloader.Document doc = downloader.get(registry, registry.resolve(d.name.replace("/", "%2f")),
          "application/json", what);
      trimmed = RegistryDocument.trim(doc.body(), d.name, d.versions, "npm " + d.name);
    } catch (ChecksumMismatchException e) {
      throw e; // an IOException too, but never merely "missing"
    } catch (IOException | IllegalArgumentException e) {
      throw new FetchException(what, e.getMessage(), false);
    }
    try {
      Files.createDirectories(target.getParent());
      try (AtomicFileWriter out = AtomicFileWriter.open(target)) {
        out.stream().write(trimmed);
        out.commitReplacing();
      }
      String sha256 = Hex.encode(MessageDigest.getInstance("SHA-256").digest(trimmed));
      String first = d.versions.keySet().iterator().next();
      return List.of(new VendoredFile(ID, path, target, sha256, d.name, d.version(), null, Purls.npm(d.name, first),
          false, d.foundIn));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new FetchException(what, "cannot write it to the cache at " + target + ": " + e.getMessage(), false);
    }
  }

  private List<VendoredFile> fetch(Wanted w) throws FetchException, ChecksumMismatchException {
    NpmLockfile.Package p = w.pkg;
    String what = "npm " + p.name() + "@" + p.version();
    List<ExpectedDigest> digests = ExpectedDigest.ofIntegrity(p.integrity());
    if (digests.isEmpty()) {
      throw new FetchException(what, "unsupported integrity " + p.integrity(), false);
    }
    try {
      String sha256 = downloader.fetch(registry, source(p), cache.resolve(w.path), digests, Downloader.Check.NONE, what);
      return List.of(new VendoredFile(ID, w.path, cache.resolve(w.path), sha256, p.name(), p.version(), p.integrity(),
          Purls.npm(p.name(), p.version()), true, w.foundIn));
    } catch (IllegalArgumentException e) {
      throw new FetchException(what, e.getMessage(), false);
    }
  }

  /** Where to fetch from: the lock file's URL, or the same tarball path on the configured registry. */
  private URI source(NpmLockfile.Package p) {
    String resolved = p.resolved();
    if (resolved == null) {
      return registry.resolve(registryPath(p.name(), p.version()));
    }
    URI uri = URI.create(resolved);
    if (registry.configured() && uri.getRawPath() != null && uri.getRawPath().contains("/-/")) {
      String file = uri.getRawPath().substring(uri.getRawPath().lastIndexOf('/') + 1);
      return registry.resolve(p.name() + "/-/" + file);
    }
    return uri;
  }

  private static String registryPath(String name, String version) {
    return name + "/-/" + unscoped(name) + "-" + version + ".tgz";
  }

  static String tarballPath(String name, String version) {
    if (!name.matches("(@[\\w][\\w.-]*/)?[\\w.][\\w.-]*") || name.contains("..")
        || !version.matches("[\\w.+-]+")) {
      throw new IllegalArgumentException("not an npm package name and version: " + name + "@" + version);
    }
    return registryPath(name, version);
  }

  private static String unscoped(String name) {
    return name.substring(name.indexOf('/') + 1);
  }

  /** A package whose registry document is needed, the versions to keep in it, and the lock files naming it. */
  private record Document(String name, Map<String, String> versions, List<String> foundIn) implements WantedDependency {
    @Override
    public String version() {
      return String.join(",", versions.keySet());
    }
  }

  /** One yarn cache zip to make, the SHA-512 yarn.lock pins for it, and the lock files that pin it. */
  private record BerryZip(String name, String version, String checksum, List<String> foundIn)
      implements WantedDependency {}

  /** One tarball to fetch and the lock files that pin it. */
  private record Wanted(NpmLockfile.Package pkg, String path, List<String> foundIn) implements WantedDependency {
    @Override
    public String name() {
      return pkg.name();
    }

    @Override
    public String version() {
      return pkg.version();
    }
  }
}
