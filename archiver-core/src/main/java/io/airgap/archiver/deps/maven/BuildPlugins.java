package io.airgap.archiver.deps.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Build;
import org.apache.maven.model.Extension;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;

/**
 * The plugins (and build extensions) a module's build runs: those its effective POM declares, and
 * those its packaging binds to the default lifecycle — at the version its plugin management pins,
 * else at the default of every Maven line asked for (a plugin left unpinned resolves differently
 * under Maven 3.8 than under 3.9: pin plugin versions).
 */
final class BuildPlugins {
  private static final String APACHE = "org.apache.maven.plugins";
  /** What {@code package} needs for each packaging, and what {@code clean}/{@code install}/{@code deploy} add. */
  private static final Map<String, List<String>> NEEDED = Map.of(
      "jar", List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin"),
      "war", List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin", "maven-war-plugin"),
      "maven-plugin", List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin",
          "maven-jar-plugin", "maven-plugin-plugin"),
      "pom", List.of());
  private static final List<String> EXTRAS = List.of("maven-clean-plugin", "maven-install-plugin", "maven-deploy-plugin");

  /**
   * One plugin to vendor with its dependency graph.
   *
   * @param required whether failing to fetch it is an error (false for assumed versions and
   *     plugins outside {@code package}, which only warn)
   * @param assumed whether the version is a Maven line's default rather than the build's own
   */
  record Use(String groupId, String artifactId, String version, List<org.apache.maven.model.Dependency> dependencies,
      boolean required, boolean assumed) {
    String coordinates() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  private BuildPlugins() {}

  /**
   * The plugins of {@code model}, unpinned ones at the defaults of {@code lines} (see
   * {@link MavenLines}); {@code warnings} gets what had to be assumed or skipped.
   */
  static List<Use> of(Model model, String label, List<String> lines, List<String> warnings) {
    Map<String, Use> uses = new LinkedHashMap<>();
    Build build = model.getBuild() == null ? new Build() : model.getBuild();
    for (Plugin p : build.getPlugins()) {
      if (p.getVersion() != null) {
        uses.put(p.getKey(), new Use(p.getGroupId(), p.getArtifactId(), p.getVersion(), p.getDependencies(), true, false));
        continue;
      }
      List<String> defaults = APACHE.equals(p.getGroupId()) ? defaults(p.getArtifactId(), lines) : List.of();
      if (defaults.isEmpty()) {
        warnings.add(label + ": plugin " + p.getKey() + " has no version; pin it to vendor it");
        continue;
      }
      warnings.add(label + ": plugin " + p.getKey() + " has no version; vendoring " + describe(p.getArtifactId(), lines));
      defaults.forEach(v -> uses.put(p.getKey() + ":" + v,
          new Use(p.getGroupId(), p.getArtifactId(), v, p.getDependencies(), false, true)));
    }
    for (Extension e : build.getExtensions()) {
      uses.put(e.getGroupId() + ":" + e.getArtifactId(), new Use(e.getGroupId(), e.getArtifactId(), e.getVersion(),
          List.of(), true, false));
    }
    String packaging = model.getPackaging() == null ? "jar" : model.getPackaging();
    List<String> needed = NEEDED.get(packaging);
    if (needed == null) {
      warnings.add(label + ": packaging '" + packaging + "' binds plugins this tool does not know; declare them in"
          + " <build><plugins> to vendor them");
      needed = List.of();
    }
    List<String> lifecycle = new ArrayList<>(needed);
    lifecycle.addAll(EXTRAS);
    for (String artifactId : lifecycle) {
      String key = APACHE + ":" + artifactId;
      if (uses.containsKey(key) || uses.keySet().stream().anyMatch(k -> k.startsWith(key + ":"))) {
        continue;
      }
      Plugin managed = build.getPluginManagement() == null ? null : build.getPluginManagement().getPluginsAsMap().get(key);
      List<org.apache.maven.model.Dependency> dependencies = managed == null ? List.of() : managed.getDependencies();
      if (managed != null && managed.getVersion() != null) {
        uses.put(key, new Use(APACHE, artifactId, managed.getVersion(), dependencies, needed.contains(artifactId), false));
        continue;
      }
      if (needed.contains(artifactId)) {
        warnings.add(label + ": " + artifactId + " is not pinned; vendoring " + describe(artifactId, lines)
            + " (pin it to carry one version)");
      }
      defaults(artifactId, lines).forEach(v -> uses.put(key + ":" + v, new Use(APACHE, artifactId, v, dependencies,
          false, true)));
    }
    return new ArrayList<>(uses.values());
  }

  /** The distinct default versions of a plugin across {@code lines}. */
  private static List<String> defaults(String artifactId, List<String> lines) {
    return lines.stream().map(l -> MavenLines.defaultVersion(l, artifactId)).filter(v -> v != null).distinct().toList();
  }

  /** {@code 2.6 (Maven 3.6, 3.8), 3.4.0 (Maven 3.9)}: which line binds which version. */
  private static String describe(String artifactId, List<String> lines) {
    Map<String, List<String>> byVersion = new LinkedHashMap<>();
    for (String line : lines) {
      String v = MavenLines.defaultVersion(line, artifactId);
      if (v != null) {
        byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(line);
      }
    }
    List<String> parts = new ArrayList<>();
    byVersion.forEach((v, ls) -> parts.add(v + " (Maven " + String.join(", ", ls) + ")"));
    return String.join(", ", parts);
  }
}
