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
 * else at Maven 3.9's default (an assumption worth a warning: pin plugin versions).
 */
final class BuildPlugins {
  private static final String APACHE = "org.apache.maven.plugins";
  /** Maven 3.9's default lifecycle bindings; what stock Maven uses for plugins a POM leaves unpinned. */
  private static final Map<String, String> DEFAULT_VERSIONS = Map.of(
      "maven-clean-plugin", "3.2.0",
      "maven-resources-plugin", "3.3.1",
      "maven-compiler-plugin", "3.13.0",
      "maven-surefire-plugin", "3.2.5",
      "maven-jar-plugin", "3.4.1",
      "maven-install-plugin", "3.1.2",
      "maven-deploy-plugin", "3.1.2",
      "maven-war-plugin", "3.4.0",
      "maven-plugin-plugin", "3.13.1");
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
   */
  record Use(String groupId, String artifactId, String version, List<org.apache.maven.model.Dependency> dependencies,
      boolean required, String origin) {
    String coordinates() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  private BuildPlugins() {}

  /** The plugins of {@code model}; {@code warnings} gets what had to be assumed or skipped. */
  static List<Use> of(Model model, String label, List<String> warnings) {
    Map<String, Use> uses = new LinkedHashMap<>();
    Build build = model.getBuild() == null ? new Build() : model.getBuild();
    for (Plugin p : build.getPlugins()) {
      String version = p.getVersion();
      boolean assumed = version == null;
      if (assumed) {
        version = APACHE.equals(p.getGroupId()) ? DEFAULT_VERSIONS.get(p.getArtifactId()) : null;
        if (version == null) {
          warnings.add(label + ": plugin " + p.getKey() + " has no version; pin it to vendor it");
          continue;
        }
        warnings.add(label + ": plugin " + p.getKey() + " has no version; assuming " + version + " (Maven 3.9's)");
      }
      uses.put(p.getKey(), new Use(p.getGroupId(), p.getArtifactId(), version, p.getDependencies(), !assumed, "declared"));
    }
    for (Extension e : build.getExtensions()) {
      uses.put(e.getGroupId() + ":" + e.getArtifactId(), new Use(e.getGroupId(), e.getArtifactId(), e.getVersion(),
          List.of(), true, "extension"));
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
      if (uses.containsKey(key)) {
        continue;
      }
      Plugin managed = build.getPluginManagement() == null ? null : build.getPluginManagement().getPluginsAsMap().get(key);
      boolean pinned = managed != null && managed.getVersion() != null;
      String version = pinned ? managed.getVersion() : DEFAULT_VERSIONS.get(artifactId);
      if (!pinned && needed.contains(artifactId)) {
        warnings.add(label + ": " + artifactId + " is not pinned; vendoring " + version + ", Maven 3.9's default"
            + " (other Maven versions bind other versions)");
      }
      uses.put(key, new Use(APACHE, artifactId, version, managed == null ? List.of() : managed.getDependencies(),
          pinned && needed.contains(artifactId), "lifecycle"));
    }
    return new ArrayList<>(uses.values());
  }
}
