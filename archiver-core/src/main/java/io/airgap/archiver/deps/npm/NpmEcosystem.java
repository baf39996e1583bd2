package io.airgap.archiver.deps.npm;

import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.ExpectedDigest;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * npm: every package of {@code package-lock.json} / {@code npm-shrinkwrap.json}, fetched from its
 * {@code resolved} URL (moved onto the configured registry, if one was named) and checked against
 * its {@code integrity}. Laid out as {@code <name>/-/<name>-<version>.tgz}, the registry's own
 * tarball paths; {@code setup-npm.sh} adds them to npm's content-addressed cache, where
 * {@code npm ci --offline} finds them by that integrity.
 */
public final class NpmEcosystem implements DependencyEcosystem {
  public static final String PUBLIC_REGISTRY = "https://registry.npmjs.org/";
  static final String ID = "npm";

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
      if (file.equals("npm-shrinkwrap.json")
          || (file.equals("package-lock.json") && !tree.exists(dir + "npm-shrinkwrap.json"))) {
        found.add(new DetectedManifest(ID, tree, path));
      }
    }
    return found;
  }

  @Override
  public Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException {
    Map<String, Wanted> wanted = new LinkedHashMap<>();
    List<MissingDependency> missing = new ArrayList<>();
    for (DetectedManifest m : detected) {
      List<NpmLockfile.Package> packages;
      try {
        packages = NpmLockfile.parse(m.tree().read(m.path()));
      } catch (IOException e) {
        throw new IOException("cannot read " + m.label() + ": " + e.getMessage(), e);
      }
      for (NpmLockfile.Package p : packages) {
        String local = p.resolved() == null ? "" : p.resolved();
        if (local.startsWith("file:") || (p.resolved() == null && p.version() == null)) {
          continue; // part of the repository itself
        }
        if (p.version() == null || p.integrity() == null || local.startsWith("git") || local.startsWith("github:")) {
          missing.add(new MissingDependency(ID, p.name(), p.version(), p.integrity() == null
              ? "the lock file gives no integrity to check it against" : "only registry tarballs are vendored, not "
              + local.replaceAll("//[^/@]*@", "//"), List.of(m.label())));
          continue;
        }
        String path;
        try {
          path = tarballPath(p.name(), p.version());
        } catch (IllegalArgumentException e) {
          missing.add(new MissingDependency(ID, p.name(), p.version(), e.getMessage(), List.of(m.label())));
          continue;
        }
        wanted.merge(path + " " + p.integrity(), new Wanted(p, path, new ArrayList<>(List.of(m.label()))),
            (a, b) -> {
              if (!a.foundIn.contains(m.label())) {
                a.foundIn.add(m.label());
              }
              return a;
            });
      }
    }
    List<VendoredFile> files = new ArrayList<>();
    int done = 0;
    for (Wanted w : wanted.values()) {
      NpmLockfile.Package p = w.pkg;
      String what = "npm " + p.name() + "@" + p.version();
      List<ExpectedDigest> digests = ExpectedDigest.ofIntegrity(p.integrity());
      if (digests.isEmpty()) {
        missing.add(new MissingDependency(ID, p.name(), p.version(), "unsupported integrity " + p.integrity(), w.foundIn));
        continue;
      }
      try {
        String sha256 = downloader.fetch(registry, source(p), cache.resolve(w.path), digests, Downloader.Check.NONE, what);
        files.add(new VendoredFile(ID, w.path, cache.resolve(w.path), sha256, p.name(), p.version(), p.integrity(),
            Purls.npm(p.name(), p.version()), true, w.foundIn));
      } catch (FetchException e) {
        missing.add(new MissingDependency(ID, p.name(), p.version(), e.reason(), w.foundIn));
      } catch (IllegalArgumentException e) {
        missing.add(new MissingDependency(ID, p.name(), p.version(), e.getMessage(), w.foundIn));
      }
      progress.onEvent(new ProgressEvent.Progress("npm packages", ++done, wanted.size(), ProgressEvent.Unit.ITEMS));
    }
    return new Fetched(files, missing);
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

  /** One tarball to fetch and the lock files that pin it. */
  private record Wanted(NpmLockfile.Package pkg, String path, List<String> foundIn) {}
}
