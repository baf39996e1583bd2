package io.airgap.archiver.deps.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.deps.ExpectedDigest;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A package's registry document (packument) trimmed to the vendored versions. npm needs it offline
 * when a lock file has no {@code resolved} URLs: it then looks each package up by name and version.
 * Each kept version's declared checksums must agree with the lock file's integrity.
 */
final class RegistryDocument {
  private RegistryDocument() {}

  /**
   * @param versions the vendored versions → the lock file's integrity for each
   * @throws IllegalArgumentException when the document is not this package's or lacks a version
   */
  static byte[] trim(byte[] document, String name, Map<String, String> versions, String what)
      throws IOException, ChecksumMismatchException {
    JsonNode doc = Json.mapper().readTree(document);
    if (!doc.isObject() || !name.equals(doc.path("name").asText())) {
      throw new IllegalArgumentException("the registry's document is not that of " + name);
    }
    ObjectNode out = Json.mapper().createObjectNode().put("name", name);
    ObjectNode kept = Json.mapper().createObjectNode();
    for (Map.Entry<String, String> v : versions.entrySet()) {
      JsonNode manifest = doc.path("versions").path(v.getKey());
      if (!manifest.isObject()) {
        throw new IllegalArgumentException("the registry's document lists no version " + v.getKey());
      }
      agree(manifest.path("dist"), v.getValue(), what + "@" + v.getKey());
      kept.set(v.getKey(), manifest);
    }
    ObjectNode tags = out.putObject("dist-tags");
    Iterator<Map.Entry<String, JsonNode>> it = doc.path("dist-tags").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> tag = it.next();
      if (versions.containsKey(tag.getValue().asText())) {
        tags.set(tag.getKey(), tag.getValue());
      }
    }
    out.set("versions", kept);
    JsonNode time = doc.path("time");
    if (time.isObject()) {
      // npm's --before reads these; keep them for the versions carried
      ObjectNode times = out.putObject("time");
      versions.keySet().stream().filter(time::has).forEach(v -> times.set(v, time.get(v)));
    }
    return Json.prettyWriter().writeValueAsBytes(out);
  }

  /** Every algorithm both the document and the lock file declare must give the same digest. */
  private static void agree(JsonNode dist, String lockIntegrity, String what) throws ChecksumMismatchException {
    List<ExpectedDigest> lock = ExpectedDigest.ofIntegrity(lockIntegrity);
    List<ExpectedDigest> declared = new ArrayList<>(ExpectedDigest.ofIntegrity(dist.path("integrity").asText(null)));
    if (dist.hasNonNull("shasum")) {
      declared.add(ExpectedDigest.ofHex("SHA-1", dist.get("shasum").asText()));
    }
    for (ExpectedDigest d : declared) {
      for (ExpectedDigest l : lock) {
        if (d.algorithm().equals(l.algorithm()) && !d.hex().equalsIgnoreCase(l.hex())) {
          throw new ChecksumMismatchException(what + ": checksum mismatch: the registry's document declares "
              + d.declared() + ", the lock file " + l.declared());
        }
      }
    }
  }
}
