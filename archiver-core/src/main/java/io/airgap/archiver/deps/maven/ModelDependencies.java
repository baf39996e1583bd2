package io.airgap.archiver.deps.maven;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.artifact.ArtifactType;
import org.eclipse.aether.artifact.ArtifactTypeRegistry;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;

/** Turns POM model dependencies into resolver dependencies, as Maven does (types such as test-jar map to classifiers). */
final class ModelDependencies {
  private ModelDependencies() {}

  /** The resolver's dependency, or null for system scope, which points at a file on the build machine. */
  static Dependency of(org.apache.maven.model.Dependency d, ArtifactTypeRegistry types) {
    if ("system".equals(d.getScope())) {
      return null;
    }
    String typeId = d.getType() == null ? "jar" : d.getType();
    ArtifactType type = types.get(typeId);
    String classifier = d.getClassifier();
    String extension = typeId;
    if (type != null) {
      extension = type.getExtension();
      if (classifier == null || classifier.isEmpty()) {
        classifier = type.getClassifier();
      }
    }
    DefaultArtifact artifact = type == null
        ? new DefaultArtifact(d.getGroupId(), d.getArtifactId(), classifier, extension, d.getVersion())
        : new DefaultArtifact(d.getGroupId(), d.getArtifactId(), classifier, extension, d.getVersion(), type);
    List<Exclusion> exclusions = new ArrayList<>();
    for (org.apache.maven.model.Exclusion e : d.getExclusions()) {
      exclusions.add(new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*"));
    }
    return new Dependency(artifact, d.getScope() == null ? "compile" : d.getScope(), d.isOptional(), exclusions);
  }

  static List<Dependency> of(List<org.apache.maven.model.Dependency> deps, ArtifactTypeRegistry types) {
    List<Dependency> out = new ArrayList<>();
    for (org.apache.maven.model.Dependency d : deps) {
      Dependency dep = of(d, types);
      if (dep != null) {
        out.add(dep);
      }
    }
    return out;
  }
}
