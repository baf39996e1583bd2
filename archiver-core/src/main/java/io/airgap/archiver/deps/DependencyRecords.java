package io.airgap.archiver.deps;

import io.airgap.archiver.manifest.Dependency;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The manifest's {@code dependencies} records: one per vendored file ({@code ecosystem, name,
 * version, path, sha256}, the registry's {@code integrity} when it declared one, {@code found_in},
 * the package's {@code license}, and {@code in_base} when an earlier archive of the chain carries the file), and one per
 * missing dependency ({@code missing: true} with the reason).
 */
public final class DependencyRecords {
  private DependencyRecords() {}

  /** The key of a carried file: its SHA-256 and archive path, as in SHA256SUMS. */
  public static String key(String sha256, String entryName) {
    return sha256 + "  " + entryName;
  }

  /** The keys of every file the records say the receiver holds (carried here or in the base). */
  public static Set<String> heldKeys(Collection<Dependency> records) {
    Set<String> keys = new TreeSet<>();
    for (Dependency r : records) {
      if (r.path() != null && r.sha256() != null) {
        keys.add(key(r.sha256(), r.path()));
      }
    }
    return keys;
  }

  /** @param license the package's SPDX expression ({@link Licenses#expression}), or null when unknown */
  static Dependency of(VendoredFile f, boolean inBase, String license) {
    return Dependency.carried(f.ecosystem(), f.name(), f.version(), f.requested(), f.entryName(), f.sha256(),
        f.integrity(), f.foundIn(), inBase, license);
  }

  static Dependency of(MissingDependency m) {
    return Dependency.missing(m.ecosystem(), m.name(), m.version(), m.reason(), m.foundIn());
  }

  /** Where each ecosystem's dependencies were declared, for {@code inspect}: ecosystem → sorted sources. */
  public static Map<String, Set<String>> sources(List<Dependency> records) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Dependency r : records) {
      Set<String> set = out.computeIfAbsent(String.valueOf(r.ecosystem()), k -> new TreeSet<>());
      if (r.foundIn() != null) {
        set.addAll(r.foundIn());
      }
    }
    return out;
  }

  /** Counts per ecosystem: {@code [files, missing]}. */
  public static Map<String, int[]> counts(List<Dependency> records) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (Dependency r : records) {
      int[] c = out.computeIfAbsent(String.valueOf(r.ecosystem()), k -> new int[2]);
      c[r.isMissing() ? 1 : 0]++;
    }
    return out;
  }

  /** The union of two source lists, sorted. */
  public static List<String> mergeSources(List<String> a, List<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }
}
