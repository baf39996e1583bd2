package io.airgap.archiver.deps.python;

import io.airgap.archiver.deps.DependencyRecords;
import io.airgap.archiver.deps.WantedDependency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pinned distribution: its name, exact version, the SHA-256 hashes its files must have (empty:
 * any file of that version), and the files that pin it.
 */
record PythonRequirement(String name, String version, Set<String> sha256s, List<String> foundIn)
    implements WantedDependency {
  PythonRequirement {
    sha256s = Set.copyOf(sha256s);
    foundIn = List.copyOf(foundIn);
  }

  /** PEP 503 normalized name: lower case, runs of {@code -_.} as one {@code -}. */
  static String normalize(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  /**
   * A comparable form of a PEP 440 version, enough to match file names to pins: lower case, no
   * leading {@code v}, no trailing {@code .0} in the release part ({@code 2.0} equals {@code 2}).
   */
  static String canonicalVersion(String version) {
    String v = version.trim().toLowerCase(Locale.ROOT).replaceFirst("^v", "");
    int end = 0;
    while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
      end++;
    }
    String release = v.substring(0, end).replaceAll("(\\.0+)+$", "").replaceAll("\\.$", "");
    return release + v.substring(end);
  }

  /** The key two pins of the same distribution share. */
  String key() {
    return normalize(name) + "==" + canonicalVersion(version);
  }

  /** Combines two pins of one distribution: hashes only restrict when both pins give some. */
  PythonRequirement merge(PythonRequirement other) {
    Set<String> hashes = sha256s.isEmpty() || other.sha256s.isEmpty() ? Set.of() : union(sha256s, other.sha256s);
    return new PythonRequirement(name, version, hashes, DependencyRecords.mergeSources(foundIn, other.foundIn));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
