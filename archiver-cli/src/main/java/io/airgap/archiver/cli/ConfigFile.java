package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML configuration: top-level keys are long option names ({@code sign-key} or {@code sign_key}),
 * {@code repositories} lists one map per repository for batch runs (or a {@code discover:} entry
 * naming a forge group). {@code ${VAR}} and
 * {@code ${VAR:-default}} are replaced from the environment.
 */
final class ConfigFile {
  private final Map<String, Object> values;

  private ConfigFile(Map<String, Object> values) {
    this.values = values;
  }

  static ConfigFile empty() {
    return new ConfigFile(Map.of());
  }

  static ConfigFile load(Path file, Map<String, String> env) throws InvalidRequestException {
    Map<String, Object> normalised = new LinkedHashMap<>();
    YamlFiles.load(file, env).forEach((k, v) -> normalised.put(normalise(k), v));
    return new ConfigFile(normalised);
  }

  /** The value for an option ("--sign-key" or "sign-key"), as a picocli default string; null if absent. */
  String defaultFor(String option) {
    return render(values.get(normalise(option)));
  }

  /** The {@code repositories} list: each entry a map of option name to default string. */
  @SuppressWarnings("unchecked")
  List<Map<String, String>> repositories() throws InvalidRequestException {
    Object list = values.get("repositories");
    if (list == null) {
      return List.of();
    }
    if (!(list instanceof List<?> items)) {
      throw new InvalidRequestException("'repositories' in the configuration must be a list");
    }
    List<Map<String, String>> result = new ArrayList<>();
    for (Object item : items) {
      Map<String, String> repo = new LinkedHashMap<>();
      if (item instanceof String url) {
        repo.put("source", url);
      } else if (item instanceof Map<?, ?> map) {
        ((Map<String, Object>) map).forEach((k, v) -> repo.put(normalise(k), render(v)));
      } else {
        throw new InvalidRequestException("each repository in the configuration must be a URL or a mapping");
      }
      if (repo.get("source") == null && repo.get("discover") == null) {
        throw new InvalidRequestException("a repository in the configuration has neither 'source' nor 'discover'");
      }
      result.add(repo);
    }
    return result;
  }

  private static String normalise(String key) {
    return key.replaceFirst("^--", "").replace('_', '-');
  }

  private static String render(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

}
