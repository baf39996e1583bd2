package io.airgap.archiver.deps.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;

/**
 * The test providers Surefire and Failsafe load at run time, which no POM names: the provider for
 * the test framework found in the module's graph (JUnit Platform, JUnit 4, TestNG), and for the
 * JUnit Platform the launcher at the platform's own version, as Surefire 3 aligns it.
 */
final class TestProviders {
  private static final String SUREFIRE = "org.apache.maven.surefire";

  private TestProviders() {}

  static boolean runsTests(BuildPlugins.Use plugin) {
    return "org.apache.maven.plugins".equals(plugin.groupId())
        && (plugin.artifactId().equals("maven-surefire-plugin") || plugin.artifactId().equals("maven-failsafe-plugin"));
  }

  /** Provider roots for a Surefire/Failsafe {@code version}, given the module's graph as {@code groupId:artifactId → version}. */
  static List<Dependency> of(String version, Map<String, String> graph) {
    List<Dependency> out = new ArrayList<>();
    boolean platform = graph.keySet().stream().anyMatch(k -> k.startsWith("org.junit.platform:")
        || k.startsWith("org.junit.jupiter:") || k.startsWith("org.junit.vintage:"));
    if (platform) {
      out.add(runtime(SUREFIRE, "surefire-junit-platform", version));
      String platformVersion = graph.getOrDefault("org.junit.platform:junit-platform-engine",
          graph.get("org.junit.platform:junit-platform-commons"));
      if (platformVersion != null && !graph.containsKey("org.junit.platform:junit-platform-launcher")) {
        out.add(runtime("org.junit.platform", "junit-platform-launcher", platformVersion));
      }
    } else if (graph.containsKey("junit:junit")) {
      out.add(runtime(SUREFIRE, "surefire-junit4", version));
      out.add(runtime(SUREFIRE, "surefire-junit47", version));
    }
    if (graph.containsKey("org.testng:testng")) {
      out.add(runtime(SUREFIRE, "surefire-testng", version));
    }
    return out;
  }

  private static Dependency runtime(String groupId, String artifactId, String version) {
    return new Dependency(new DefaultArtifact(groupId, artifactId, "jar", version), "runtime");
  }
}
