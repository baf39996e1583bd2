package io.airgap.archiver.deps.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the packages a {@code pnpm-lock.yaml} (lockfileVersion 6 to 9) pins. Version 9 keys its
 * {@code packages} as {@code name@version}, 6 to 8 as {@code /name@version(peers)}; registry
 * packages carry only an integrity (pnpm derives the tarball URL from the registry), so they are
 * returned without a {@code resolved} URL. A tarball URL or git repository is returned as
 * {@code resolved}, so the caller reports it as not a registry package; local folders are left out.
 */
final class PnpmLockfile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PnpmLockfile() {}

  static List<NpmLockfile.Package> parse(byte[] content) throws IOException {
    JsonNode root = YAML.readTree(content);
    if (root == null || !root.isObject()) {
      throw new IOException("not a pnpm lock file");
    }
    String version = root.path("lockfileVersion").asText("");
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("\\..*", ""));
    } catch (NumberFormatException e) {
      major = 0;
    }
    if (major < 6 || major > 9) {
      throw new IOException("lockfileVersion " + version + " is not one this reads (6 to 9)");
    }
    List<NpmLockfile.Package> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("packages").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      JsonNode resolution = p.path("resolution");
      if (resolution.has("directory")) {
        continue; // a folder of the repository itself
      }
      String key = e.getKey().replaceFirst("^/", "");
      int peers = key.indexOf('(');
      if (peers > 0) {
        key = key.substring(0, peers);
      }
      int at = key.indexOf('@', key.startsWith("@") ? 1 : 0);
      String name = p.hasNonNull("name") ? p.get("name").asText() : at > 0 ? key.substring(0, at) : key;
      String ver = p.hasNonNull("version") ? p.get("version").asText() : at > 0 ? key.substring(at + 1) : null;
      String integrity = resolution.hasNonNull("integrity") ? resolution.get("integrity").asText() : null;
      String resolved = null;
      if (resolution.hasNonNull("tarball")) {
        resolved = resolution.get("tarball").asText();
      } else if (resolution.hasNonNull("repo")) {
        resolved = "git+" + resolution.get("repo").asText();
      }
      if (resolved != null && resolved.startsWith("file:")) {
        continue;
      }
      out.add(new NpmLockfile.Package(name, ver, resolved, integrity));
    }
    return out;
  }
}
