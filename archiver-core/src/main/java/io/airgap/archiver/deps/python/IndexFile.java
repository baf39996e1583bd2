package io.airgap.archiver.deps.python;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A file a simple index lists for a project, with what its name says: distribution, version,
 * and for wheels the platform tags.
 *
 * @param sha256 the index's declared SHA-256, or null when it gives none
 */
record IndexFile(String fileName, URI url, String sha256) {
  private static final List<String> SDIST_SUFFIXES = List.of(".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz");

  boolean isWheel() {
    return fileName.endsWith(".whl");
  }

  boolean isSdist() {
    return sdistStem() != null;
  }

  /** Whether this file is a wheel or sdist of {@code name} at {@code version}. */
  boolean matches(String name, String version) {
    String stem;
    if (isWheel()) {
      String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
      if (parts.length != 5 && parts.length != 6) {
        return false;
      }
      return same(parts[0], parts[1], name, version);
    }
    stem = sdistStem();
    if (stem == null || stem.lastIndexOf('-') <= 0) {
      return false;
    }
    int dash = stem.lastIndexOf('-');
    return same(stem.substring(0, dash), stem.substring(dash + 1), name, version);
  }

  /** Whether a wheel runs on one of {@code platforms}: a platform tag is among them or is {@code any}. */
  boolean wheelFor(List<String> platforms) {
    String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
    for (String tag : parts[parts.length - 1].split("\\.")) {
      if (tag.equals("any") || platforms.contains(tag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a wheel's Python tag runs on CPython {@code version} ({@code 3.11}): {@code py3},
   * {@code py311}, {@code cp311}, or a stable-ABI {@code cp3N-abi3} wheel of an older 3.N.
   */
  boolean wheelForPython(String version) {
    String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
    String major = version.substring(0, version.indexOf('.'));
    int minor = Integer.parseInt(version.substring(version.indexOf('.') + 1));
    String exact = major + minor;
    boolean abi3 = List.of(parts[parts.length - 2].split("\\.")).contains("abi3");
    for (String tag : parts[parts.length - 3].split("\\.")) {
      if (tag.equals("py" + major) || tag.equals("py" + exact) || tag.equals("cp" + exact)) {
        return true;
      }
      if (abi3 && tag.matches("cp" + major + "\\d+") && Integer.parseInt(tag.substring(3)) <= minor) {
        return true;
      }
    }
    return false;
  }

  private String sdistStem() {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : SDIST_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return null;
  }

  private static boolean same(String fileDist, String fileVersion, String name, String version) {
    return PythonRequirement.normalize(fileDist).equals(PythonRequirement.normalize(name))
        && PythonRequirement.canonicalVersion(fileVersion).equals(PythonRequirement.canonicalVersion(version));
  }
}
