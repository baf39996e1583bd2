package io.airgap.archiver.deps;

import java.nio.file.Path;
import java.util.List;

/**
 * One file vendored for an ecosystem: where it goes under {@code dependencies/<ecosystem>/}, the
 * checked copy in the cache, its SHA-256, the dependency it belongs to, and where that was declared.
 *
 * @param integrity the registry's own checksum as declared (npm SRI, {@code sha256:…}), or null
 * @param purl the package URL; files sharing one form one SBOM component
 * @param primary whether this file's hashes describe the component in the SBOM (jar, tarball, wheel, zip)
 * @param requested what the build asked for when it is not {@code version} itself (a Maven version
 *     range, a {@code -SNAPSHOT}), else null
 */
public record VendoredFile(String ecosystem, String path, Path file, String sha256, String name, String version,
    String integrity, String purl, boolean primary, List<String> foundIn, String requested) {
  public VendoredFile {
    foundIn = foundIn == null ? List.of() : List.copyOf(foundIn);
  }

  /** A file of a dependency pinned to exactly {@code version}. */
  public VendoredFile(String ecosystem, String path, Path file, String sha256, String name, String version,
      String integrity, String purl, boolean primary, List<String> foundIn) {
    this(ecosystem, path, file, sha256, name, version, integrity, purl, primary, foundIn, null);
  }

  /** The entry name inside the archive. */
  public String entryName() {
    return DependencyVendor.entryName(ecosystem, path);
  }
}
