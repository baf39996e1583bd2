package io.airgap.archiver.deps.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Maven lines still in use and the plugin versions each binds to the default lifecycle when a
 * POM pins none: read from the newest release of each line (3.6.3, 3.8.8, 3.9.16, 4.0.0-rc-4 —
 * their maven-core's default bindings). An unpinned build resolves other plugins under Maven 3.8
 * than under 3.9, so the air-gapped side needs the set of whichever Maven it runs.
 */
public final class MavenLines {
  private static final Map<String, String> MAVEN_3_LEGACY = Map.of(
      "maven-clean-plugin", "2.5",
      "maven-resources-plugin", "2.6",
      "maven-compiler-plugin", "3.1",
      "maven-surefire-plugin", "2.12.4",
      "maven-jar-plugin", "2.4",
      "maven-install-plugin", "2.4",
      "maven-deploy-plugin", "2.7",
      "maven-war-plugin", "2.2",
      "maven-plugin-plugin", "3.2");
  private static final Map<String, Map<String, String>> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("3.6", MAVEN_3_LEGACY);
    DEFAULTS.put("3.8", MAVEN_3_LEGACY);
    DEFAULTS.put("3.9", Map.of(
        "maven-clean-plugin", "3.2.0",
        "maven-resources-plugin", "3.4.0",
        "maven-compiler-plugin", "3.15.0",
        "maven-surefire-plugin", "3.5.4",
        "maven-jar-plugin", "3.5.0",
        "maven-install-plugin", "3.1.4",
        "maven-deploy-plugin", "3.1.4",
        "maven-war-plugin", "3.5.1",
        "maven-plugin-plugin", "3.15.2"));
    DEFAULTS.put("4.0", Map.of(
        "maven-clean-plugin", "3.4.0",
        "maven-resources-plugin", "3.3.1",
        "maven-compiler-plugin", "3.13.0",
        "maven-surefire-plugin", "3.5.2",
        "maven-jar-plugin", "3.4.2",
        "maven-install-plugin", "3.1.3",
        "maven-deploy-plugin", "3.1.3",
        "maven-war-plugin", "3.4.0",
        "maven-plugin-plugin", "3.15.1"));
  }

  private MavenLines() {}

  /** Every line, oldest first: the default of {@code --maven-versions}. */
  public static List<String> all() {
    return List.copyOf(DEFAULTS.keySet());
  }

  /**
   * The lines named by versions such as {@code 3.8}, {@code 3.8.7} or {@code 4.0.0-rc-4}, in the
   * order of {@link #all()}; empty means all.
   *
   * @throws IllegalArgumentException naming a version of no known line
   */
  public static List<String> of(List<String> versions) {
    if (versions == null || versions.isEmpty()) {
      return all();
    }
    List<String> named = new ArrayList<>();
    for (String v : versions) {
      String trimmed = v.trim();
      String line = trimmed.matches("\\d+\\.\\d+([.-].*)?") ? trimmed.replaceFirst("^(\\d+\\.\\d+).*", "$1") : null;
      if (line == null || !DEFAULTS.containsKey(line)) {
        throw new IllegalArgumentException("--maven-versions: '" + trimmed + "' is not a Maven line this tool knows;"
            + " use " + String.join(", ", DEFAULTS.keySet()));
      }
      named.add(line);
    }
    return all().stream().filter(named::contains).toList();
  }

  /** The version {@code line} binds for {@code artifactId} (an org.apache.maven.plugins plugin), or null. */
  static String defaultVersion(String line, String artifactId) {
    return DEFAULTS.getOrDefault(line, Map.of()).get(artifactId);
  }
}
