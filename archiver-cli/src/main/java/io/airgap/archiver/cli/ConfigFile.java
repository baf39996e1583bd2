package io.airgap.archiver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.airgap.archiver.base.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML configuration: top-level keys are long option names ({@code sign-key} or {@code sign_key}),
 * {@code repositories} lists one map per repository for batch runs. {@code ${VAR}} and
 * {@code ${VAR:-default}} are replaced from the environment.
 */
final class ConfigFile {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, Object> values;

  private ConfigFile(Map<String, Object> values) {
    this.values = values;
  }

  static ConfigFile empty() {
    return new ConfigFile(Map.of());
  }

  @SuppressWarnings("unchecked")
  static ConfigFile load(Path file, Map<String, String> env) throws InvalidRequestException {
    Object parsed;
    try {
      parsed = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the configuration " + file + ": " + firstLine(e.getMessage()));
    }
    if (parsed != null && !(parsed instanceof Map)) {
      throw new InvalidRequestException("the configuration " + file + " must be a YAML mapping of option names");
    }
    Map<String, Object> substituted = new LinkedHashMap<>();
    if (parsed != null) {
      for (var e : ((Map<String, Object>) parsed).entrySet()) {
        substituted.put(normalise(e.getKey()), substitute(e.getValue(), env, file));
      }
    }
    return new ConfigFile(substituted);
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
      if (repo.get("source") == null) {
        throw new InvalidRequestException("a repository in the configuration has no 'source'");
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

  private static Object substitute(Object value, Map<String, String> env, Path file) throws InvalidRequestException {
    if (value instanceof String s) {
      Matcher m = VARIABLE.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = env.get(m.group(1));
        if (v == null) {
          v = m.group(2);
        }
        if (v == null) {
          throw new InvalidRequestException("the configuration " + file + " uses ${" + m.group(1)
              + "}, which is not set");
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(v));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(substitute(o, env, file));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (var e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), substitute(e.getValue(), env, file));
      }
      return out;
    }
    return value;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
