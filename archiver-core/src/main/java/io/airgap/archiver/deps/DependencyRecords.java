package io.airgap.archiver.deps;

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
 * and {@code in_base} when an earlier archive of the chain carries the file), and one per
 * missing dependency ({@code missing: true} with the reason).
 */
public final class DependencyRecords {
  private DependencyRecords() {}

  /** The key of a carried file: its SHA-256 and archive path, as in SHA256SUMS. */
  public static String key(String sha256, String entryName) {
    return sha256 + "  " + entryName;
  }

  /** The keys of every file the records say the receiver holds (carried here or in the base). */
  public static Set<String> heldKeys(Collection<Map<String, Object>> records) {
    Set<String> keys = new TreeSet<>();
    for (Map<String, Object> r : records) {
      if (r.get("path") instanceof String path && r.get("sha256") instanceof String sha) {
        keys.add(key(sha, path));
      }
    }
    return keys;
  }

  static Map<String, Object> of(VendoredFile f, boolean inBase) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ecosystem", f.ecosystem());
    r.put("name", f.name());
    r.put("version", f.version());
    r.put("path", f.entryName());
    r.put("sha256", f.sha256());
    if (f.integrity() != null) {
      r.put("integrity", f.integrity());
    }
    r.put("found_in", f.foundIn());
    if (inBase) {
      r.put("in_base", true);
    }
    return r;
  }

  static Map<String, Object> of(MissingDependency m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ecosystem", m.ecosystem());
    r.put("name", m.name());
    if (m.version() != null) {
      r.put("version", m.version());
    }
    r.put("missing", true);
    r.put("reason", m.reason());
    r.put("found_in", m.foundIn());
    return r;
  }

  /** Where each ecosystem's dependencies were declared, for {@code inspect}: ecosystem → sorted sources. */
  public static Map<String, Set<String>> sources(List<Map<String, Object>> records) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Map<String, Object> r : records) {
      Set<String> set = out.computeIfAbsent(String.valueOf(r.get("ecosystem")), k -> new TreeSet<>());
      if (r.get("found_in") instanceof List<?> list) {
        list.forEach(s -> set.add(String.valueOf(s)));
      }
    }
    return out;
  }

  /** Counts per ecosystem: {@code [files, missing]}. */
  public static Map<String, int[]> counts(List<Map<String, Object>> records) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (Map<String, Object> r : records) {
      int[] c = out.computeIfAbsent(String.valueOf(r.get("ecosystem")), k -> new int[2]);
      c[Boolean.TRUE.equals(r.get("missing")) ? 1 : 0]++;
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
