package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.ChecksumMismatchException;
import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.DigestingInputStream;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.model.Model;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuilder;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblem;
import org.apache.maven.model.Repository;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.DependencyRequest;

/**
 * Maven, through Maven Resolver: for every module of the build, the effective POM (parents and
 * imported BOMs fetched), the full transitive dependency graph of every scope, and every plugin
 * and extension the build runs with their own graphs — every file the resolver read, so stock
 * {@code mvn -o} finds what it needs. Laid out as a Maven repository tree.
 */
public final class MavenEcosystem implements DependencyEcosystem {
  public static final String PUBLIC_REPOSITORY = ResolverSession.CENTRAL;
  static final String ID = "maven";

  private final Registry registry;
  private final Path cache;
  private final ProgressListener progress;
  private final ModelBuilder modelBuilder = new DefaultModelBuilderFactory().newInstance();

  public MavenEcosystem(Registry registry, Path cache, ProgressListener progress) {
    this.registry = registry;
    this.cache = cache;
    this.progress = progress;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<DetectedManifest> detect(SourceTree tree) {
    return Reactor.topPoms(tree).stream().map(p -> new DetectedManifest(ID, tree, p)).toList();
  }

  @Override
  public Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException {
    Path work = Files.createTempDirectory(Files.createDirectories(cache.resolve("work")), "reactor-");
    try {
      Map<File, String> modules = new LinkedHashMap<>();
      Map<String, File> coordinates = new HashMap<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < detected.size(); i++) {
        DetectedManifest m = detected.get(i);
        Reactor reactor = Reactor.load(m.tree(), m.path(), work.resolve(String.valueOf(i)));
        Path root = work.resolve(String.valueOf(i));
        reactor.modulePoms().forEach(f -> modules.put(f, m.tree().label(root.relativize(f.toPath()).toString())));
        coordinates.putAll(reactor.coordinates());
        labels.add(m.label());
      }
      ReactorWorkspace workspace = new ReactorWorkspace(coordinates);
      ResolverSession resolver = new ResolverSession(registry, cache.resolve("repository"), workspace);
      Map<String, String> missing = new LinkedHashMap<>();
      Set<String> warnings = new LinkedHashSet<>();
      int done = 0;
      for (Map.Entry<File, String> module : modules.entrySet()) {
        vendorModule(resolver, workspace, coordinates, module.getKey(), module.getValue(), missing, warnings);
        progress.onEvent(new ProgressEvent.Progress("maven modules", ++done, modules.size(), ProgressEvent.Unit.ITEMS));
      }
      // Maven 3.8 adds plexus-utils 1.1 to plugins that lack it (3.9 no longer does)
      resolve(resolver, new CollectRequest(new Dependency(new DefaultArtifact("org.codehaus.plexus:plexus-utils:1.1"),
          "runtime"), resolver.repositories(List.of())), workspace, "plexus-utils 1.1 (for Maven 3.8)", null, warnings);
      warnings.forEach(progress::warn);
      List<MissingDependency> absent = new ArrayList<>();
      missing.forEach((artifact, reason) -> absent.add(missing(artifact, reason, labels)));
      return new Fetched(files(resolver, workspace, labels), absent);
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private void vendorModule(ResolverSession resolver, ReactorWorkspace workspace, Map<String, File> coordinates,
      File pom, String label, Map<String, String> missing, Set<String> warnings) throws ChecksumMismatchException {
    Model model;
    try {
      model = effectiveModel(resolver, coordinates, pom);
    } catch (ModelBuildingException e) {
      for (ModelProblem p : e.getProblems()) {
        if (p.getException() != null) {
          ResolutionFailures.checkChecksum(p.getException(), label);
        }
      }
      missing.put(label, "cannot build its effective POM: " + e.getMessage().lines().skip(1)
          .map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(e.getMessage()));
      return;
    }
    var types = resolver.session().getArtifactTypeRegistry();
    CollectRequest project = new CollectRequest(ModelDependencies.of(model.getDependencies(), types),
        model.getDependencyManagement() == null ? List.of()
            : ModelDependencies.of(model.getDependencyManagement().getDependencies(), types),
        resolver.repositories(declared(resolver, model.getRepositories())));
    resolve(resolver, project, workspace, label + " dependencies", missing, warnings);
    List<String> notes = new ArrayList<>();
    for (BuildPlugins.Use use : BuildPlugins.of(model, label, notes)) {
      Dependency plugin = new Dependency(new DefaultArtifact(use.groupId(), use.artifactId(), "jar", use.version()),
          "runtime");
      CollectRequest request = new CollectRequest(plugin, ModelDependencies.of(use.dependencies(), types),
          resolver.repositories(declared(resolver, model.getPluginRepositories())));
      resolve(resolver, request, workspace, label + " plugin " + use.coordinates(), use.required() ? missing : null,
          warnings);
    }
    warnings.addAll(notes);
  }

  private Model effectiveModel(ResolverSession resolver, Map<String, File> coordinates, File pom)
      throws ModelBuildingException {
    DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
    request.setPomFile(pom);
    request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
    request.setProcessPlugins(false);
    request.setTwoPhaseBuilding(false);
    request.setLocationTracking(false);
    request.setSystemProperties(System.getProperties());
    request.setModelResolver(new RepositoryModelResolver(resolver, coordinates, resolver.repositories(List.of())));
    return modelBuilder.build(request).getEffectiveModel();
  }

  /** Resolves a graph, leaving out the build's own modules; failures go to {@code missing}, or warn when it is null. */
  private static void resolve(ResolverSession resolver, CollectRequest request, ReactorWorkspace workspace, String what,
      Map<String, String> missing, Set<String> warnings) throws ChecksumMismatchException {
    try {
      resolver.system().resolveDependencies(resolver.session(),
          new DependencyRequest(request, (node, parents) -> !workspace.contains(node.getArtifact())));
    } catch (Exception e) {
      Map<String, String> failures = ResolutionFailures.of(e);
      if (missing != null) {
        failures.forEach(missing::putIfAbsent);
      } else {
        failures.forEach((artifact, reason) -> warnings.add(what + ": not vendored, " + artifact + ": " + reason));
      }
    }
  }

  private static List<RemoteRepository> declared(ResolverSession resolver, List<Repository> repositories) {
    return repositories.stream().map(r -> resolver.repository(r.getId(), r.getUrl())).toList();
  }

  private List<VendoredFile> files(ResolverSession resolver, ReactorWorkspace workspace, List<String> labels)
      throws IOException {
    List<VendoredFile> out = new ArrayList<>();
    for (RecordingListener.Resolved r : resolver.recorder().resolved().values()) {
      Artifact a = r.artifact();
      if (workspace.contains(a) || !r.file().isFile()) {
        continue;
      }
      String path = resolver.session().getLocalRepositoryManager().getPathForLocalArtifact(a).replace(File.separatorChar, '/');
      out.add(new VendoredFile(ID, path, r.file().toPath(), sha256(r.file().toPath()),
          a.getGroupId() + ":" + a.getArtifactId(), a.getBaseVersion(), null,
          Purls.maven(a.getGroupId(), a.getArtifactId(), a.getBaseVersion(), a.getClassifier(), a.getExtension()),
          true, labels));
    }
    return out;
  }

  private static MissingDependency missing(String artifact, String reason, List<String> labels) {
    String[] p = artifact.split(":");
    if (p.length >= 4) {
      return new MissingDependency(ID, p[0] + ":" + p[1], p[p.length - 1], reason, labels);
    }
    return new MissingDependency(ID, artifact, null, reason, labels);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file); DigestingInputStream d = new DigestingInputStream(in)) {
      d.drain();
      return d.sha256();
    }
  }
}
