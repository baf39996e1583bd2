package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.forge.Forge;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgePaths;
import io.airgap.archiver.forge.ForgeTarget;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.storage.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.eclipse.jgit.lib.Repository;

/**
 * Restores a whole folder (or store prefix) of archives from many sources, each source's chain to
 * the URL a template makes from its forge path, sources in parallel; optionally creates missing
 * repositories through the internal forge's API and sets their default branch. One source failing
 * does not stop the others; each outcome is named in the result. Single use.
 */
public final class FleetRestoreCommand {
  private List<String> locations = List.of();
  private String targetTemplate;
  private ForgeKind createRepos;
  private String apiUrl;
  private int parallel = 2;
  private List<Path> trustedKeyFiles = List.of();
  private List<String> requiredSigners = List.of();
  private boolean allowUnsigned;
  private boolean allowRollback;
  private Path workspaceRoot;
  private boolean prune;
  private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
  private StoreOptions storeOptions;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;
  private List<Path> approverKeyFiles = List.of();
  private Path approvalsDir;
  private boolean allowSelfApproval;
  private Function<String, ProgressListener> progressFor;
  private Path receiptKey;
  private char[] receiptPassphrase;
  private Path receiptOut;
  private boolean dryRun;

  FleetRestoreCommand() {}

  /**
   * Plans every source as a single restore's dry run does (the same steps: verify, apply to a scratch workspace,
   * plan the refs) and describes the writing steps instead of running them: no repository is created (neither a
   * bare one nor through the forge's API), nothing is pushed, no default branch set, no workspace or receipt
   * written.
   */
  public FleetRestoreCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }

  /** Writes one signed receipt per repository restored (see {@link RestoreArchiveCommand#receipt}). */
  public FleetRestoreCommand receipt(Path secretKeyFile, char[] keyPassphrase, Path folder) {
    this.receiptKey = secretKeyFile;
    this.receiptPassphrase = keyPassphrase;
    this.receiptOut = folder;
    return this;
  }

  /** Folders, store prefixes or archive files holding the archives of any number of sources. */
  public FleetRestoreCommand archives(List<String> values) { this.locations = List.copyOf(values); return this; }
  /** A URL with {@code {path}}, {@code {name}} and/or {@code {group}}, e.g. {@code https://git.internal/{group}/{name}.git}. */
  public FleetRestoreCommand targetTemplate(String template) { this.targetTemplate = template; return this; }
  /** Creates missing repositories through this forge's API at {@code apiUrl} (token: {@code TARGET_TOKEN}). */
  public FleetRestoreCommand createRepos(ForgeKind kind, String url) { this.createRepos = kind; this.apiUrl = url; return this; }
  public FleetRestoreCommand parallel(int sources) { this.parallel = sources; return this; }
  public FleetRestoreCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  public FleetRestoreCommand requireSigners(List<String> fingerprints) { this.requiredSigners = List.copyOf(fingerprints); return this; }
  public FleetRestoreCommand allowUnsigned(boolean allow) { this.allowUnsigned = allow; return this; }
  public FleetRestoreCommand allowRollback(boolean allow) { this.allowRollback = allow; return this; }
  /** Each source gets its own workspace under this folder (default: the per-source default workspaces). */
  public FleetRestoreCommand workspaceRoot(Path dir) { this.workspaceRoot = dir; return this; }
  public FleetRestoreCommand prune(boolean enabled) { this.prune = enabled; return this; }
  public FleetRestoreCommand onConflict(ConflictPolicy policy) { this.conflictPolicy = policy; return this; }
  public FleetRestoreCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Every archive applied needs a valid approval: see {@link RestoreArchiveCommand#requireApproval}. */
  public FleetRestoreCommand requireApproval(List<Path> approverKeys, Path folder, boolean allowSelfApproval) {
    this.approverKeyFiles = List.copyOf(approverKeys);
    this.approvalsDir = folder;
    this.allowSelfApproval = allowSelfApproval;
    return this;
  }
  public FleetRestoreCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public FleetRestoreCommand progress(ProgressListener listener) { this.progress = listener; return this; }
  /** A listener per source (by forge path), e.g. one that prefixes its lines; default: {@link #progress}. */
  public FleetRestoreCommand progressPerSource(Function<String, ProgressListener> factory) { this.progressFor = factory; return this; }

  /** One source's archives and where they go. */
  private record Source(RepositoryPath path, String target, List<ArchiveHeader> headers) {
    Manifest newest() {
      return headers.stream().map(ArchiveHeader::manifest)
          .max(Comparator.comparing(m -> String.valueOf(m.createdAt()))).orElseThrow();
    }
  }

  public FleetRestoreResult call() throws ArchiverException {
    if (parallel < 1) {
      throw new InvalidRequestException("--parallel must be at least 1");
    }
    if (trustedKeyFiles.isEmpty() && !allowUnsigned) {
      throw new InvalidRequestException("restore needs a trusted public key (--trust KEYFILE) to check the"
          + " archives' signatures; --allow-unsigned restores without that check");
    }
    TargetTemplate template = TargetTemplate.parse(targetTemplate);
    io.airgap.archiver.git.JGitCaches.sizeToHeap();
    Forge forge = ForgeTargets.forge(createRepos, apiUrl, env, progress);
    if (!trustedKeyFiles.isEmpty()) {
      TrustedKeys.load(trustedKeyFiles); // a bad key file is named once, before any source starts
    }
    RestoreArchiveCommand.approvalRequirement(approverKeyFiles, approvalsDir, allowSelfApproval);
    if (receiptKey != null) {
      io.airgap.archiver.signing.ArchiveSigner.load(receiptKey, receiptPassphrase); // a bad key is named before any source
      receiptOut = receiptFolder();
    }
    try (ArchiveLocations archives = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build())) {
      List<Source> sources = group(archives.all(locations), template);
      progress.info(sources.size() + " source(s) found; " + (dryRun ? "planning " : "restoring ")
          + Math.min(parallel, sources.size()) + " at a time");
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, sources.size())));
      try {
        List<Future<FleetRestoreResult.Repository>> futures = new ArrayList<>();
        for (Source source : sources) {
          futures.add(pool.submit(() -> restoreOne(source, forge)));
        }
        List<FleetRestoreResult.Repository> results = new ArrayList<>();
        for (Future<FleetRestoreResult.Repository> f : futures) {
          results.add(f.get());
        }
        return new FleetRestoreResult(results, rewrites(sources, template), dryRun);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.airgap.archiver.base.OperationFailedException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new io.airgap.archiver.base.OperationFailedException("internal error: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Sources by forge path (or name and root commit); two sources on one target URL is a usage error. */
  private List<Source> group(List<ArchiveInput> inputs, TargetTemplate template) throws ArchiverException {
    Map<RepositoryPath, List<ArchiveHeader>> bySource = new TreeMap<>();
    for (ArchiveInput input : inputs) {
      try {
        ArchiveHeader header = ArchiveHeader.read(input);
        bySource.computeIfAbsent(sourcePath(header.manifest()), k -> new ArrayList<>()).add(header);
      } catch (UntrustedArchiveException e) { // one archive with a hostile name or header stops the fleet: name it
        String message = e.getMessage().contains(input.name()) ? e.getMessage() : input.name() + ": " + e.getMessage();
        throw new UntrustedArchiveException(message + " (nothing was restored; set this archive aside to restore"
            + " the others)", e);
      }
    }
    if (bySource.isEmpty()) {
      throw new InvalidRequestException("no archives found in " + String.join(", ", locations));
    }
    Map<RepositoryPath, String> targets = template.targets(bySource.keySet());
    List<Source> sources = new ArrayList<>();
    for (var e : bySource.entrySet()) {
      sources.add(new Source(e.getKey(), targets.get(e.getKey()), e.getValue()));
    }
    return sources;
  }

  /** For every submodule URL the archives record whose repository is among the sources: its internal URL. */
  private static List<FleetRestoreResult.UrlRewrite> rewrites(List<Source> sources, TargetTemplate template) {
    Map<String, RepositoryPath> paths = new java.util.HashMap<>();
    sources.forEach(s -> paths.put(s.path().value(), s.path()));
    Map<String, FleetRestoreResult.UrlRewrite> out = new TreeMap<>();
    for (Source source : sources) {
      for (Manifest.Submodule sub : source.newest().submodules()) {
        RepositoryPath path = paths.get(ForgePaths.fromCloneUrl(sub.url()));
        if (path != null) {
          out.putIfAbsent(sub.url(), new FleetRestoreResult.UrlRewrite(template.render(path), sub.url()));
        }
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * The forge path the archive records, else the source's archive name: what the target template is
   * filled from, so checked here (as the manifest's rules did) whatever reads the manifest.
   */
  static RepositoryPath sourcePath(Manifest m) throws UntrustedArchiveException {
    if (m.forge() != null && m.forge().path() != null) {
      return RepositoryPath.fromManifest("forge.path", m.forge().path(), true);
    }
    String name = m.source() == null || m.source().name() == null ? "repository" : m.source().name();
    return RepositoryPath.fromManifest("source.name", name, false);
  }

  private FleetRestoreResult.Repository restoreOne(Source source, Forge forge) {
    ProgressListener listener = progressFor != null ? progressFor.apply(source.path().value()) : progress;
    Manifest newest = source.newest();
    String branch = newest.forge() != null && newest.forge().defaultBranch() != null ? newest.forge().defaultBranch()
        : newest.head() == null ? null : Repository.shortenRefName(newest.head());
    ForgeTarget forgeTarget = null;
    try {
      Manifest.Forge meta = newest.forge();
      forgeTarget = forge == null ? null : ForgeTarget.of(forge, apiUrl, source.target(),
          meta == null ? null : meta.description(), meta == null ? null : meta.visibility());
      // created by restore's own step, only once every archive verified and applied
      RestoreResult result = Archiver.restore()
          .target(source.target())
          .trustedKeys(trustedKeyFiles)
          .requireSigners(requiredSigners)
          .allowUnsigned(allowUnsigned)
          .allowRollback(allowRollback)
          .workspace(workspaceRoot == null ? null : workspaceRoot.resolve(source.path().value().replace('/', '-')))
          .prune(prune)
          .onConflict(conflictPolicy)
          .requireApproval(approverKeyFiles, approvalsDir, allowSelfApproval)
          .environment(env)
          .progress(listener)
          .creator(forgeTarget == null ? null : ForgeTargets.creator(forgeTarget, listener))
          .receipt(receiptKey, receiptPassphrase, receiptOut)
          .dryRun(dryRun)
          .restore(source.headers());
      if (dryRun && forgeTarget != null && branch != null) {
        listener.info("dry run: would make " + branch + " the default branch of " + source.path().value()
            + " where the forge names another");
      }
      boolean branchSet = !dryRun && forgeTarget != null
          && forgeTarget.settleDefaultBranch(branch, result.changes(), listener);
      boolean created = forgeTarget != null && forgeTarget.created();
      boolean changed = !result.applied().isEmpty() || result.changes().stream().anyMatch(c -> c.kind().pushes())
          || created || branchSet;
      return new FleetRestoreResult.Repository(source.path().value(), source.target(),
          changed ? FleetRestoreResult.Status.RESTORED : FleetRestoreResult.Status.UNCHANGED, created, branchSet,
          branch, result, null);
    } catch (ArchiverException e) {
      FleetRestoreResult.Status status = e instanceof UntrustedArchiveException ? FleetRestoreResult.Status.UNTRUSTED
          : e instanceof RefConflictException ? FleetRestoreResult.Status.CONFLICT : FleetRestoreResult.Status.FAILED;
      listener.warn("failed: " + e.getMessage());
      return new FleetRestoreResult.Repository(source.path().value(), source.target(), status, created(forgeTarget),
          forgeTarget != null && forgeTarget.branchSet(), branch, null, e.getMessage());
    } catch (RuntimeException e) {
      listener.warn("failed: " + e);
      return new FleetRestoreResult.Repository(source.path().value(), source.target(), FleetRestoreResult.Status.FAILED,
          created(forgeTarget), forgeTarget != null && forgeTarget.branchSet(), branch, null, "internal error: " + e);
    }
  }

  private Path receiptFolder() throws InvalidRequestException {
    if (receiptOut != null) {
      return receiptOut;
    }
    if (locations.isEmpty() || ArchiveLocations.isStore(locations.get(0))) {
      throw new InvalidRequestException("--receipt-key with archives from a store needs --receipt-out DIR"
          + " (a local folder for the receipts)");
    }
    Path given = Path.of(locations.get(0)).toAbsolutePath().normalize();
    return java.nio.file.Files.isDirectory(given) ? given : given.getParent();
  }

  private static boolean created(ForgeTarget target) {
    return target != null && target.created();
  }
}
