package io.airgap.archiver.deps.maven;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.WorkspaceRepository;

/**
 * Remembers every artifact the resolver resolved from a repository — POMs read while collecting
 * (parents, imported BOMs, losing versions included), jars, plugins — since stock Maven offline
 * needs exactly those files in its local repository.
 */
final class RecordingListener extends AbstractRepositoryListener {
  private final Map<String, Resolved> resolved = new ConcurrentSkipListMap<>();

  /** One resolved artifact and its file in the resolver's local repository. */
  record Resolved(Artifact artifact, File file) {}

  @Override
  public void artifactResolved(RepositoryEvent event) {
    Artifact a = event.getArtifact();
    if (event.getException() == null && a != null && a.getFile() != null
        && !(event.getRepository() instanceof WorkspaceRepository)) {
      resolved.putIfAbsent(a.toString(), new Resolved(a, a.getFile()));
    }
  }

  Map<String, Resolved> resolved() {
    return Map.copyOf(resolved);
  }
}
