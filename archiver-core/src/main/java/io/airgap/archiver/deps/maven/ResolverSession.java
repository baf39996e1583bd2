package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.resolution.ArtifactDescriptorPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

/**
 * One Maven Resolver session configured like stock Maven's (its dependency selectors, traversers
 * and conflict resolution, via {@link MavenRepositorySystemUtils}), but strict: checksums must
 * match and POMs must exist. A configured mirror takes the place of every repository, as a
 * settings.xml {@code <mirrorOf>*</mirrorOf>} would; otherwise Central and the POMs' own
 * repositories are used.
 */
final class ResolverSession implements AutoCloseable {
  static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
  private static final String MIRROR_ID = "airgap-mirror";

  private final RepositorySystem system;
  private final DefaultRepositorySystemSession session;
  private final RecordingListener recorder = new RecordingListener();
  private final Map<String, String> requested = new ConcurrentSkipListMap<>();
  private final Registry registry;

  ResolverSession(Registry registry, Path localRepository, WorkspaceReader reactor) {
    this.registry = registry;
    this.system = new RepositorySystemSupplier().get();
    DefaultRepositorySystemSession s = MavenRepositorySystemUtils.newSession();
    s.setLocalRepositoryManager(system.newLocalRepositoryManager(s, new LocalRepository(localRepository.toFile())));
    s.setRepositoryListener(recorder);
    s.setWorkspaceReader(reactor);
    s.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    s.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_NEVER);
    s.setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(ArtifactDescriptorPolicy.STRICT));
    s.setSystemProperties(System.getProperties());
    s.setConfigProperty("aether.connector.userAgent", "airgap-archiver");
    // send credentials with the first request rather than after a 401 (they only go to the mirror's host)
    s.setConfigProperty("aether.connector.http.preemptiveAuth", true);
    if (registry.configured()) {
      DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
      mirrors.add(MIRROR_ID, registry.base().toString(), "default", false, false, "*", "*");
      s.setMirrorSelector(mirrors);
    }
    String authorization = registry.authorizationFor(registry.base());
    if (authorization != null && authorization.startsWith("Bearer ")) {
      // a token (DEPS_MAVEN_TOKEN) travels as a header, and only to the registry's own repository id;
      // the HTTP client copies every header onto a redirect, whatever its host, so that repository's
      // redirects are not followed (basic credentials, scoped to the host by the resolver, are)
      String id = registry.configured() ? MIRROR_ID : "central";
      s.setConfigProperty("aether.connector.http.headers." + id, Map.of("Authorization", authorization));
      s.setConfigProperty("aether.connector.http.followRedirects." + id, false);
    }
    s.setAuthenticationSelector(repo -> repo.getUrl().startsWith(registry.base().toString()) ? authentication() : null);
    this.session = s;
  }

  RepositorySystem system() {
    return system;
  }

  DefaultRepositorySystemSession session() {
    return session;
  }

  RecordingListener recorder() {
    return recorder;
  }

  /** {@code groupId:artifactId:version} resolved → the range or {@code -SNAPSHOT} the graph asked for. */
  Map<String, String> requested() {
    return requested;
  }

  /** The repositories to resolve from: the mirror, or Central plus {@code declared}. */
  List<RemoteRepository> repositories(List<RemoteRepository> declared) {
    List<RemoteRepository> repos = new ArrayList<>();
    repos.add(repository("central", registry.configured() ? registry.base().toString() : CENTRAL));
    if (!registry.configured()) {
      repos.addAll(declared);
    }
    return system.newResolutionRepositories(session, repos);
  }

  RemoteRepository repository(String id, String url) {
    RepositoryPolicy releases = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_NEVER,
        RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    return new RemoteRepository.Builder(id, "default", url).setReleasePolicy(releases)
        .setSnapshotPolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY,
            RepositoryPolicy.CHECKSUM_POLICY_FAIL))
        .build();
  }

  @Override
  public void close() {
    system.shutdown();
  }

  private Authentication authentication() {
    if (registry.username() == null) {
      return null;
    }
    return new AuthenticationBuilder().addUsername(registry.username()).addPassword(registry.password()).build();
  }
}
