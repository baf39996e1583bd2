package io.airgap.archiver.deps.npm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the packages a yarn classic lock file ({@code # yarn lockfile v1}) pins: each entry's
 * {@code version}, {@code resolved} URL (its {@code #<sha1>} fragment taken as the integrity when
 * the entry gives none) and {@code integrity}. Entries of several ranges resolving to one version
 * are one package.
 */
final class YarnLockfile {
  private YarnLockfile() {}

  /** Whether {@code content} is a yarn berry lock file (YAML with {@code __metadata}), which this does not read. */
  static boolean isBerry(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    return text.contains("\n__metadata:") || text.startsWith("__metadata:");
  }

  static List<NpmLockfile.Package> parse(byte[] content) throws IOException {
    Map<String, NpmLockfile.Package> out = new LinkedHashMap<>();
    String name = null;
    Map<String, String> fields = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n", -1)) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!line.startsWith(" ")) {
        add(name, fields, out);
        fields.clear();
        name = entryName(line, lineNo);
      } else if (line.startsWith("  ") && !line.startsWith("   ") && name != null) {
        String[] kv = line.trim().split("\\s+", 2);
        if (kv.length == 2 && !kv[1].endsWith(":")) {
          fields.put(kv[0], unquote(kv[1]));
        }
      }
    }
    add(name, fields, out);
    return new ArrayList<>(out.values());
  }

  /** {@code "@s/b@^2.0.0", "@s/b@^2.1.0":} → {@code @s/b}. */
  private static String entryName(String line, int lineNo) throws IOException {
    String first = line.replaceFirst(":\\s*$", "").split(",")[0].trim();
    first = unquote(first);
    int at = first.indexOf('@', first.startsWith("@") ? 1 : 0);
    if (at <= 0 || !line.trim().endsWith(":")) {
      throw new IOException("line " + lineNo + " is not a yarn.lock entry: " + line.strip());
    }
    return first.substring(0, at);
  }

  private static void add(String name, Map<String, String> fields, Map<String, NpmLockfile.Package> out) {
    if (name == null || fields.get("version") == null) {
      return;
    }
    String resolved = fields.get("resolved");
    String integrity = fields.get("integrity");
    if (resolved != null && resolved.contains("#")) {
      String sha1 = resolved.substring(resolved.indexOf('#') + 1);
      resolved = resolved.substring(0, resolved.indexOf('#'));
      if (integrity == null && sha1.matches("[0-9a-fA-F]{40}")) {
        integrity = "sha1-" + Base64.getEncoder().encodeToString(hexBytes(sha1));
      }
    }
    NpmLockfile.Package p = new NpmLockfile.Package(name, fields.get("version"), resolved, integrity);
    out.putIfAbsent(name + "@" + p.version(), p);
  }

  private static byte[] hexBytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
