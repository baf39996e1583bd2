package io.airgap.archiver.deps.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;

/**
 * Finds the parent POMs and imported BOMs a project's effective POM needs: reactor POMs from the
 * checked-out tree, everything else through the resolver (so the recorder sees and vendors them).
 */
final class RepositoryModelResolver implements ModelResolver {
  private final ResolverSession resolver;
  private final Map<String, File> reactorPoms;
  private final List<RemoteRepository> repositories;

  RepositoryModelResolver(ResolverSession resolver, Map<String, File> reactorPoms, List<RemoteRepository> repositories) {
    this.resolver = resolver;
    this.reactorPoms = reactorPoms;
    this.repositories = new ArrayList<>(repositories);
  }

  @Override
  public ModelSource resolveModel(String groupId, String artifactId, String version) throws UnresolvableModelException {
    File reactor = reactorPoms.get(groupId + ":" + artifactId + ":" + version);
    if (reactor != null) {
      return new FileModelSource(reactor);
    }
    Artifact pom = new DefaultArtifact(groupId, artifactId, "", "pom", version);
    try {
      Artifact resolved = resolver.system().resolveArtifact(resolver.session(),
          new ArtifactRequest(pom, repositories, null)).getArtifact();
      return new FileModelSource(resolved.getFile());
    } catch (ArtifactResolutionException e) {
      throw new UnresolvableModelException(e.getMessage(), groupId, artifactId, version, e);
    }
  }

  @Override
  public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
    String version = highest(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
    parent.setVersion(version);
    return resolveModel(parent.getGroupId(), parent.getArtifactId(), version);
  }

  @Override
  public ModelSource resolveModel(Dependency dependency) throws UnresolvableModelException {
    String version = highest(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
    dependency.setVersion(version);
    return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), version);
  }

  /** A plain version as is; for a range, the highest version the repositories hold in it. */
  private String highest(String groupId, String artifactId, String version) throws UnresolvableModelException {
    if (version == null || !(version.startsWith("[") || version.startsWith("("))) {
      return version;
    }
    try {
      VersionRangeResult range = resolver.system().resolveVersionRange(resolver.session(), new VersionRangeRequest(
          new DefaultArtifact(groupId, artifactId, "", "pom", version), repositories, null));
      if (range.getHighestVersion() == null) {
        throw new UnresolvableModelException("no version of " + groupId + ":" + artifactId + " in " + version,
            groupId, artifactId, version);
      }
      return range.getHighestVersion().toString();
    } catch (VersionRangeResolutionException e) {
      throw new UnresolvableModelException(e.getMessage(), groupId, artifactId, version, e);
    }
  }

  @Override
  public void addRepository(Repository repository) {
    addRepository(repository, false);
  }

  @Override
  public void addRepository(Repository repository, boolean replace) {
    List<RemoteRepository> added = resolver.repositories(List.of(resolver.repository(repository.getId(),
        repository.getUrl())));
    for (RemoteRepository r : added) {
      boolean present = repositories.stream().anyMatch(x -> x.getId().equals(r.getId()));
      if (present && replace) {
        repositories.removeIf(x -> x.getId().equals(r.getId()));
        repositories.add(r);
      } else if (!present) {
        repositories.add(r);
      }
    }
  }

  @Override
  public ModelResolver newCopy() {
    return new RepositoryModelResolver(resolver, reactorPoms, repositories);
  }
}
