package io.airgap.archiver.deps.maven;

import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.deps.DependencyEcosystem;
import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.Fetched;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.ChecksumMismatchException;
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
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;

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
  private final List<String> lines;
  private final ModelBuilder modelBuilder = new DefaultModelBuilderFactory().newInstance();

  /** @param lines the Maven lines whose default plugins unpinned builds get ({@link MavenLines#of}) */
  public MavenEcosystem(Registry registry, Path cache, List<String> lines, ProgressListener progress) {
    this.registry = registry;
    this.cache = cache;
    this.lines = List.copyOf(lines);
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
      List<String> wrapperWarnings = new ArrayList<>();
      List<WrapperDistributions.Distribution> wrappers = WrapperDistributions.of(detected, wrapperWarnings);
      List<CoreExtensions.Extension> extensions = CoreExtensions.of(detected, wrapperWarnings);
      wrapperWarnings.forEach(progress::warn);
      try (ResolverSession resolver = new ResolverSession(registry, cache.resolve("repository"), workspace)) {
        return fetch(resolver, workspace, coordinates, modules, labels, wrappers, extensions);
      }
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private Fetched fetch(ResolverSession resolver, ReactorWorkspace workspace, Map<String, File> coordinates,
      Map<File, String> modules, List<String> labels, List<WrapperDistributions.Distribution> wrappers,
      List<CoreExtensions.Extension> extensions) throws ChecksumMismatchException, IOException {
    Map<String, String> missing = new LinkedHashMap<>();
    Set<String> warnings = new LinkedHashSet<>();
    for (CoreExtensions.Extension e : extensions) {
      // Maven loads them before any POM, with their dependencies, from the plain repositories
      Dependency jar = new Dependency(new DefaultArtifact(e.groupId(), e.artifactId(), "jar", e.version()), "runtime");
      resolve(resolver, new CollectRequest(jar, List.of(), resolver.repositories(List.of())), workspace,
          "core extension " + e.coordinates() + " (" + e.label() + ")", missing, warnings);
    }
    int done = 0;
    List<Assumed> assumed = new ArrayList<>();
    for (Map.Entry<File, String> module : modules.entrySet()) {
      vendorModule(resolver, workspace, coordinates, module.getKey(), module.getValue(), missing, warnings, assumed);
      progress.onEvent(new ProgressEvent.Progress("maven modules", ++done, modules.size(), ProgressEvent.Unit.ITEMS));
    }
    // last, so that what they add beyond the build's own needs can be measured and told
    Set<String> before = resolver.recorder().resolved().keySet();
    for (Assumed a : assumed) {
      vendorPlugin(resolver, workspace, a.use, a.graph, a.repositories, missing, warnings);
    }
    plexusUtilsForMaven38(resolver, warnings);
    if (!assumed.isEmpty()) {
      reportAssumed(resolver, before);
    }
    warnings.forEach(progress::warn);
    List<MissingDependency> absent = new ArrayList<>();
    missing.forEach((artifact, reason) -> absent.add(missing(artifact, reason, labels)));
    List<WrapperDistributions.Distribution> found = WrapperDistributions.resolve(resolver, wrappers, absent);
    List<VendoredFile> files = new ArrayList<>(files(resolver, workspace, labels));
    if (!found.isEmpty()) {
      files.add(WrapperDistributions.listing(found, cache));
    }
    return new Fetched(files, absent);
  }

  private void vendorModule(ResolverSession resolver, ReactorWorkspace workspace, Map<String, File> coordinates,
      File pom, String label, Map<String, String> missing, Set<String> warnings, List<Assumed> assumed)
      throws ChecksumMismatchException {
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
    Map<String, String> graph = resolve(resolver, project, workspace, label + " dependencies", missing, warnings);
    List<String> notes = new ArrayList<>();
    List<RemoteRepository> pluginRepositories = resolver.repositories(declared(resolver, model.getPluginRepositories()));
    for (BuildPlugins.Use use : BuildPlugins.of(model, label, lines, notes)) {
      if (use.assumed()) {
        assumed.add(new Assumed(use, graph, pluginRepositories));
      } else {
        vendorPlugin(resolver, workspace, use, graph, pluginRepositories, missing, warnings);
      }
    }
    warnings.addAll(notes);
  }

  private static void vendorPlugin(ResolverSession resolver, ReactorWorkspace workspace, BuildPlugins.Use use,
      Map<String, String> graph, List<RemoteRepository> repositories, Map<String, String> missing, Set<String> warnings)
      throws ChecksumMismatchException {
    var types = resolver.session().getArtifactTypeRegistry();
    Dependency plugin = new Dependency(new DefaultArtifact(use.groupId(), use.artifactId(), "jar", use.version()),
        "runtime");
    CollectRequest request = new CollectRequest(plugin, ModelDependencies.of(use.dependencies(), types), repositories);
    String what = "plugin " + use.coordinates();
    resolve(resolver, request, workspace, what, use.required() ? missing : null, warnings);
    if (TestProviders.runsTests(use)) {
      for (Dependency provider : TestProviders.of(use.version(), graph)) {
        // as Surefire asks: the provider as a dependency, not the root, so its POM's management is not applied
        resolve(resolver, new CollectRequest(List.of(provider), List.of(), repositories), workspace,
            what + " test provider " + provider.getArtifact(), null, warnings);
      }
    }
  }

  /** Tells how much the default plugins of the Maven lines add, since pinning plugins would save it. */
  private void reportAssumed(ResolverSession resolver, Set<String> before) {
    long bytes = 0;
    int files = 0;
    for (Map.Entry<String, RecordingListener.Resolved> e : resolver.recorder().resolved().entrySet()) {
      if (!before.contains(e.getKey()) && e.getValue().file().isFile()) {
        bytes += e.getValue().file().length();
        files++;
      }
    }
    progress.info("maven: the default lifecycle plugins of Maven " + String.join(", ", lines) + " (for plugins the"
        + " POMs do not pin) add " + files + " file(s), " + ByteSize.format(bytes) + "; pin plugin versions, or name"
        + " the Maven you build with in --maven-versions, to carry less");
  }

  /** A plugin at a Maven line's default version, resolved once the build's own needs are. */
  private record Assumed(BuildPlugins.Use use, Map<String, String> graph, List<RemoteRepository> repositories) {}

  /** Maven 3.8 puts plexus-utils 1.1 (the jar alone, no POM) on plugins that lack it; Maven 3.9 no longer does. */
  private static void plexusUtilsForMaven38(ResolverSession resolver, Set<String> warnings)
      throws ChecksumMismatchException {
    try {
      resolver.system().resolveArtifact(resolver.session(), new ArtifactRequest(
          new DefaultArtifact("org.codehaus.plexus:plexus-utils:1.1"), resolver.repositories(List.of()), null));
    } catch (ArtifactResolutionException e) {
      ResolutionFailures.checkChecksum(e, "org.codehaus.plexus:plexus-utils:jar:1.1");
      warnings.add("plexus-utils 1.1, which Maven 3.8 adds to plugins, was not vendored: " + e.getMessage());
    }
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

  /**
   * Resolves a graph, leaving out the build's own modules; failures go to {@code missing}, or warn
   * when it is null. Returns the graph's artifacts as {@code groupId:artifactId → version}.
   */
  private static Map<String, String> resolve(ResolverSession resolver, CollectRequest request,
      ReactorWorkspace workspace, String what, Map<String, String> missing, Set<String> warnings)
      throws ChecksumMismatchException {
    Map<String, String> graph = new HashMap<>();
    try {
      DependencyResult result = resolver.system().resolveDependencies(resolver.session(),
          new DependencyRequest(request, (node, parents) -> !workspace.contains(node.getArtifact())));
      collect(result.getRoot(), graph, resolver.requested());
    } catch (Exception e) {
      if (e instanceof DependencyResolutionException dre && dre.getResult() != null && dre.getResult().getRoot() != null) {
        collect(dre.getResult().getRoot(), graph, resolver.requested());
      }
      Map<String, String> failures = ResolutionFailures.of(e);
      if (missing != null) {
        failures.forEach(missing::putIfAbsent);
      } else {
        failures.forEach((artifact, reason) -> warnings.add(what + ": not vendored, " + artifact + ": " + reason));
      }
    }
    return graph;
  }

  private static void collect(DependencyNode node, Map<String, String> graph, Map<String, String> requested) {
    Artifact a = node.getArtifact();
    if (a != null) {
      graph.putIfAbsent(a.getGroupId() + ":" + a.getArtifactId(), a.getBaseVersion());
      String key = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion();
      if (node.getVersionConstraint() != null && node.getVersionConstraint().getRange() != null) {
        requested.putIfAbsent(key, node.getVersionConstraint().toString());
      } else if (a.isSnapshot() && !a.getVersion().equals(a.getBaseVersion())) {
        // the timestamped build the repository's maven-metadata.xml named today
        requested.putIfAbsent(key, a.getBaseVersion());
      }
    }
    node.getChildren().forEach(child -> collect(child, graph, requested));
  }

  private static List<RemoteRepository> declared(ResolverSession resolver, List<Repository> repositories) {
    return repositories.stream().map(r -> resolver.repository(r.getId(), r.getUrl())).toList();
  }

  /**
   * Every resolved file; one asked for by range or as a SNAPSHOT records the version it resolved to
   * and the request, and a ranged artifact brings metadata listing the carried versions.
   */
  private List<VendoredFile> files(ResolverSession resolver, ReactorWorkspace workspace, List<String> labels)
      throws IOException {
    List<VendoredFile> out = new ArrayList<>();
    Map<String, SortedSet<String>> ranged = new TreeMap<>();
    for (RecordingListener.Resolved r : resolver.recorder().resolved().values()) {
      Artifact a = r.artifact();
      if (workspace.contains(a) || !r.file().isFile()) {
        continue;
      }
      String path = resolver.session().getLocalRepositoryManager().getPathForLocalArtifact(a).replace(File.separatorChar, '/');
      String name = a.getGroupId() + ":" + a.getArtifactId();
      String requested = resolver.requested().get(name + ":" + a.getVersion());
      if (requested != null && !requested.endsWith("-SNAPSHOT")) {
        ranged.computeIfAbsent(name, k -> new TreeSet<>()).add(a.getVersion());
      }
      out.add(new VendoredFile(ID, path, r.file().toPath(), sha256(r.file().toPath()), name, a.getVersion(), null,
          Purls.maven(a.getGroupId(), a.getArtifactId(), a.getBaseVersion(), a.getClassifier(), a.getExtension()),
          true, labels, requested));
    }
    out.addAll(RangeMetadata.write(ranged, labels, cache.resolve("range-metadata")));
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
