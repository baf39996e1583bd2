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
 * Reads a yarn berry (2+) {@code yarn.lock}: its {@code cacheKey} and, for each package resolved
 * from the registry ({@code name@npm:version}), the checksum of yarn's cache zip of it. Other
 * resolutions (workspaces, patches, links, git) are returned with a null version and the reason.
 */
final class YarnBerryLockfile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A locked package: {@code checksum} is the hex SHA-512 of the cache zip, {@code unsupported} why it is not vendored. */
  record Package(String name, String version, String checksum, String unsupported) {}

  /** The lock file's {@code cacheKey} and packages. */
  record Parsed(String cacheKey, List<Package> packages) {}

  private YarnBerryLockfile() {}

  static Parsed parse(byte[] content) throws IOException {
    JsonNode root = YAML.readTree(content);
    if (root == null || !root.isObject()) {
      throw new IOException("not a yarn berry lock file");
    }
    String cacheKey = root.path("__metadata").path("cacheKey").asText("");
    List<Package> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode entry = e.getValue();
      String resolution = entry.path("resolution").asText("");
      if (e.getKey().equals("__metadata") || !entry.isObject() || resolution.contains("@workspace:")) {
        continue;
      }
      int at = resolution.indexOf('@', resolution.startsWith("@") ? 1 : 0);
      String name = at > 0 ? resolution.substring(0, at) : resolution;
      String reference = at > 0 ? resolution.substring(at + 1) : "";
      String checksum = entry.path("checksum").asText("");
      checksum = checksum.substring(checksum.indexOf('/') + 1);
      if (!reference.startsWith("npm:") || reference.contains("#")) {
        String protocol = reference.contains(":") ? reference.substring(0, reference.indexOf(':')) : reference;
        out.add(new Package(name, null, null, "only registry packages (npm:) are vendored, not " + protocol + ":"));
      } else if (!checksum.matches("[0-9a-f]{128}")) {
        out.add(new Package(name, reference.substring(4), null, "the lock file gives no checksum to check it against"));
      } else {
        out.add(new Package(name, reference.substring(4), checksum, null));
      }
    }
    return new Parsed(cacheKey, out);
  }
}
