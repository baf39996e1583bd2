package io.airgap.archiver.deps.go;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The lines of a {@code go.sum}: per module version, the h1: hash of its zip and of its go.mod (either may be absent). */
final class GoSum {
  /** One module version's hashes. */
  record Entry(String module, String version, String zipHash, String modHash) {}

  private GoSum() {}

  static Map<String, Entry> parse(byte[] content) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3 || !f[2].startsWith("h1:")) {
        continue;
      }
      boolean mod = f[1].endsWith("/go.mod");
      String version = mod ? f[1].substring(0, f[1].length() - "/go.mod".length()) : f[1];
      String key = f[0] + "@" + version;
      Entry old = out.getOrDefault(key, new Entry(f[0], version, null, null));
      out.put(key, mod ? new Entry(f[0], version, old.zipHash(), f[2]) : new Entry(f[0], version, f[2], old.modHash()));
    }
    return out;
  }
}
