package io.airgap.archiver.deps.maven;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;

/** Lets the resolver read the POMs of the build's own modules from the tree, like Maven's reactor, instead of fetching them. */
final class ReactorWorkspace implements WorkspaceReader {
  private final WorkspaceRepository repository = new WorkspaceRepository("reactor");
  private final Map<String, File> poms;

  ReactorWorkspace(Map<String, File> poms) {
    this.poms = Map.copyOf(poms);
  }

  boolean contains(Artifact a) {
    return a != null && poms.containsKey(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getBaseVersion());
  }

  @Override
  public WorkspaceRepository getRepository() {
    return repository;
  }

  @Override
  public File findArtifact(Artifact artifact) {
    return contains(artifact) && "pom".equals(artifact.getExtension())
        ? poms.get(artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getBaseVersion()) : null;
  }

  @Override
  public List<String> findVersions(Artifact artifact) {
    return contains(artifact) ? List.of(artifact.getBaseVersion()) : List.of();
  }
}
