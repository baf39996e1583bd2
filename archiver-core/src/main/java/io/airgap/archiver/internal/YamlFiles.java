package io.airgap.archiver.internal;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML files operators write (the CLI's configuration, the mirror file): plain maps and
 * lists, with {@code ${VAR}} and {@code ${VAR:-default}} replaced from the environment, so
 * credentials stay out of the file.
 */
public final class YamlFiles {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private YamlFiles() {}

  /** The file's top-level mapping (empty for an empty file), variables substituted. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(Path file, Map<String, String> env) throws InvalidRequestException {
    Object parsed;
    try {
      parsed = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (IOException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidRequestException("cannot read the configuration " + file + ": " + message);
    }
    if (parsed == null) {
      return Map.of();
    }
    if (!(parsed instanceof Map)) {
      throw new InvalidRequestException("the configuration " + file + " must be a YAML mapping");
    }
    return (Map<String, Object>) substitute(parsed, env, file);
  }

  /**
   * Refuses a key of {@code map} that is not in {@code known}: a misspelt key ({@code intervall:})
   * silently ignored would leave the operator believing it took effect. The message names the key,
   * where it is ({@code where}, and the line of the file it is first found on) and the valid keys.
   */
  public static void requireKnownKeys(Path file, Map<String, ?> map, Set<String> known, String where)
      throws InvalidRequestException {
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        int line = lineOf(file, key);
        String near = NearMiss.of(key, known).stream().findFirst().orElse(null);
        throw new InvalidRequestException(file + (line > 0 ? " line " + line : "") + ": " + where
            + " has an unknown key '" + TerminalText.line(key) + "'" + (near == null ? "" : " (did you mean '"
            + near + "'?)") + "; valid keys: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /** The first line (1-based) on which {@code key} appears as a YAML key, or 0. */
  private static int lineOf(Path file, String key) {
    Pattern asKey = Pattern.compile("(^|[\\s{,-])[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (asKey.matcher(lines.get(i)).find()) {
          return i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the line is a courtesy; the key is named either way
    }
    return 0;
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
}
