package io.airgap.archiver.deps.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the pins of {@code poetry.lock} (each package's files and hashes, old and new layouts)
 * and {@code Pipfile.lock} (its {@code default} and {@code develop} sections). Packages from git,
 * paths or URLs are warned about, not vendored.
 */
final class PythonLocks {
  private static final TomlMapper TOML = new TomlMapper();

  private PythonLocks() {}

  static RequirementsFile.Parsed poetry(SourceTree tree, String path) throws IOException {
    JsonNode root = TOML.readTree(tree.read(path));
    String label = tree.label(path);
    List<PythonRequirement> pins = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JsonNode oldFiles = root.path("metadata").path("files");
    for (JsonNode p : root.path("package")) {
      String name = p.path("name").asText(null);
      String version = p.path("version").asText(null);
      String sourceType = p.path("source").path("type").asText("");
      if (name == null || version == null) {
        continue;
      }
      if (Set.of("git", "directory", "file", "url").contains(sourceType)) {
        warnings.add(label + ": " + name + " comes from a " + sourceType + " source, not vendored");
        continue;
      }
      JsonNode files = p.has("files") ? p.path("files") : oldFiles.path(name);
      pins.add(new PythonRequirement(name, version, hashes(files), List.of(label)));
    }
    return new RequirementsFile.Parsed(pins, warnings);
  }

  static RequirementsFile.Parsed pipfile(SourceTree tree, String path) throws IOException {
    JsonNode root = Json.mapper().readTree(tree.read(path));
    String label = tree.label(path);
    List<PythonRequirement> pins = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String section : List.of("default", "develop")) {
      Iterator<Map.Entry<String, JsonNode>> it = root.path(section).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode p = e.getValue();
        String version = p.path("version").asText("");
        if (p.has("git") || p.has("path") || p.has("file") || !version.startsWith("==")) {
          warnings.add(label + ": " + e.getKey() + " is not pinned to a registry version, not vendored");
          continue;
        }
        Set<String> hashes = new TreeSet<>();
        for (JsonNode h : p.path("hashes")) {
          addSha256(h.asText(), hashes);
        }
        pins.add(new PythonRequirement(e.getKey(), version.substring(2), hashes, List.of(label)));
      }
    }
    return new RequirementsFile.Parsed(pins, warnings);
  }

  private static Set<String> hashes(JsonNode files) {
    Set<String> out = new TreeSet<>();
    for (JsonNode f : files) {
      addSha256(f.path("hash").asText(""), out);
    }
    return out;
  }

  private static void addSha256(String hash, Set<String> out) {
    if (hash.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
      out.add(hash.substring(7).toLowerCase(Locale.ROOT));
    }
  }
}
