package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.NearMiss;
import io.airgap.archiver.internal.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML configuration: top-level keys are long option names ({@code sign-key} or {@code sign_key}),
 * {@code repositories} lists one map per repository for batch runs (or a {@code discover:} entry
 * naming a forge group). {@code ${VAR}} and
 * {@code ${VAR:-default}} are replaced from the environment.
 */
final class ConfigFile {
  /** What an entry of {@code repositories} may say: its source (or forge group) and its own selection and output. */
  static final Set<String> REPOSITORY_KEYS = Set.of("source", "name", "include-refs", "exclude-refs", "output",
      "discover", "api-url", "group", "include", "exclude", "skip-archived", "skip-forks");

  private final Path file;
  private final Map<String, Object> values;

  private ConfigFile(Path file, Map<String, Object> values) {
    this.file = file;
    this.values = values;
  }

  static ConfigFile empty() {
    return new ConfigFile(null, Map.of());
  }

  static ConfigFile load(Path file, Map<String, String> env) throws InvalidRequestException {
    Map<String, Object> normalised = new LinkedHashMap<>();
    YamlFiles.load(file, env).forEach((k, v) -> normalised.put(normalise(k), v));
    return new ConfigFile(file, normalised);
  }

  /**
   * The first key that is not one of {@code options} (long option names, with or without "--"; {@code
   * repositories} counts where {@code batch} is true), with a message naming it, the file, the command and the
   * near names; null when every key is known. A misspelt key must not be ignored: "require-aproval" would restore
   * unapproved archives.
   */
  String unknownKey(String command, Collection<String> options, boolean batch) {
    Set<String> known = new TreeSet<>();
    options.forEach(o -> known.add(normalise(o)));
    if (batch) {
      known.add("repositories");
    }
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        List<String> near = NearMiss.of(key, known);
        return file + ": '" + key + "' is not an option of '" + command + "'"
            + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)")
            + "; a configuration's keys are the command's long option names";
      }
    }
    return null;
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
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
          String key = normalise(e.getKey());
          if (!REPOSITORY_KEYS.contains(key)) {
            List<String> near = NearMiss.of(key, REPOSITORY_KEYS);
            throw new InvalidRequestException(file + ": '" + key + "' is not a key of a repository entry"
                + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)")
                + "; it may give " + String.join(", ", new TreeSet<>(REPOSITORY_KEYS)));
          }
          repo.put(key, render(e.getValue()));
        }
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
