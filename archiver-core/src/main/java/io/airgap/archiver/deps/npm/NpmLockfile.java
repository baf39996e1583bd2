package io.airgap.archiver.deps.npm;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the packages an npm lock file pins: {@code packages} of lockfileVersion 2 and 3 (and the
 * nested {@code dependencies} of version 1), leaving out the root, links and bundled packages.
 */
final class NpmLockfile {
  private static final String NODE_MODULES = "node_modules/";

  /** One pinned package; {@code resolved} and {@code integrity} may be null. */
  record Package(String name, String version, String resolved, String integrity) {}

  private NpmLockfile() {}

  static List<Package> parse(byte[] content) throws IOException {
    JsonNode root = Json.mapper().readTree(content);
    List<Package> out = new ArrayList<>();
    JsonNode packages = root.path("packages");
    if (packages.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = packages.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode p = e.getValue();
        int at = key.lastIndexOf(NODE_MODULES);
        if (at < 0 || p.path("link").asBoolean(false) || p.path("inBundle").asBoolean(false)) {
          continue;
        }
        String name = p.hasNonNull("name") ? p.get("name").asText() : key.substring(at + NODE_MODULES.length());
        out.add(new Package(name, text(p, "version"), text(p, "resolved"), text(p, "integrity")));
      }
      return out;
    }
    collectV1(root.path("dependencies"), out);
    return out;
  }

  private static void collectV1(JsonNode dependencies, List<Package> out) {
    if (!dependencies.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = dependencies.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode d = e.getValue();
      if (!d.path("bundled").asBoolean(false)) {
        String name = e.getKey();
        String version = text(d, "version");
        if (version != null && version.startsWith("npm:")) {
          String alias = version.substring(4);
          int at = alias.lastIndexOf('@');
          name = alias.substring(0, at);
          version = alias.substring(at + 1);
        }
        out.add(new Package(name, version, text(d, "resolved"), text(d, "integrity")));
      }
      collectV1(d.path("dependencies"), out);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
