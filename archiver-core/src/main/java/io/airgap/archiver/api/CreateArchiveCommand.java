package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.RestoreScripts;
import io.airgap.archiver.create.BundleStep;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.create.ArchiveOutput;
import io.airgap.archiver.create.BaseArchive;
import io.airgap.archiver.create.BaseResolver;
import io.airgap.archiver.create.BaseSelection;
import io.airgap.archiver.create.CreateDryRun;
import io.airgap.archiver.create.Catalog;
import io.airgap.archiver.create.RefChangeClassifier;
import io.airgap.archiver.create.SourceIdentity;
import io.airgap.archiver.deps.DependencyRecords;
import io.airgap.archiver.deps.DependencyVendor;
import io.airgap.archiver.deps.VendorResult;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.lfs.LfsCollector;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsScope;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.progress.Steps;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.ArchiveEncryptor;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.deps.DependencySpec;

/**
 * Builds one archive of a Git repository — full, or incremental on top of a base archive: fetch,
 * bundle, collect LFS objects, sign, write, remember in the catalog. Single use.
 */
public final class CreateArchiveCommand {
  private String source;
  private String output = ".";
  private long splitSize;
  private StoreOptions storeOptions;
  private String name;
  private Path cacheDir;
  private List<String> includeRefs = List.of();
  private List<String> excludeRefs = List.of();
  private boolean lfs = true;
  private LfsOptions lfsOptions = LfsOptions.DEFAULT;
  private boolean dependencies = true;
  private DependencySpec dependencySpec = DependencySpec.defaults();
  private Path signKey;
  private char[] passphrase;
  private List<Path> encryptTo = List.of();
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Instant timestamp;
  private String base;
  private boolean sinceLast;
  private boolean allowEmpty;
  private boolean dryRun;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  CreateArchiveCommand() {}

  public CreateArchiveCommand source(String location) { this.source = location; return this; }
  public CreateArchiveCommand outputDir(Path dir) { this.output = dir.toString(); return this; }
  /** A local folder, or a store location such as {@code s3://bucket/prefix}. */
  public CreateArchiveCommand output(String location) { this.output = location; return this; }
  /** Writes numbered parts of at most this many bytes (for FAT32 media); 0 writes one file. */
  public CreateArchiveCommand split(long partSize) { this.splitSize = partSize; return this; }
  /** How stores (S3) are reached: endpoint, region, checksums; defaults come from the environment. */
  public CreateArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public CreateArchiveCommand name(String archiveName) { this.name = archiveName; return this; }
  public CreateArchiveCommand cacheDir(Path dir) { this.cacheDir = dir; return this; }
  public CreateArchiveCommand includeRefs(List<String> globs) { this.includeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand excludeRefs(List<String> globs) { this.excludeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand lfs(boolean enabled) { this.lfs = enabled; return this; }
  /** Scope, endpoint override, tolerance of missing objects and parallelism of the LFS step. */
  public CreateArchiveCommand lfsOptions(LfsOptions options) { this.lfsOptions = options; return this; }
  public CreateArchiveCommand dependencies(boolean enabled) { this.dependencies = enabled; return this; }
  /** Which refs to scan, which registries to use, and whether missing dependencies are tolerated. */
  public CreateArchiveCommand dependencySpec(DependencySpec spec) { this.dependencySpec = spec; return this; }
  public CreateArchiveCommand signKey(Path secretKeyFile, char[] keyPassphrase) {
    this.signKey = secretKeyFile;
    this.passphrase = keyPassphrase;
    return this;
  }
  /** Encrypts the archive to these recipients' public keys (OpenPGP, {@code .tar.gz.gpg}); empty: in the clear. */
  public CreateArchiveCommand encryptTo(List<Path> publicKeyFiles) { this.encryptTo = List.copyOf(publicKeyFiles); return this; }
  /** Opens an encrypted {@code --base} archive with this secret key. */
  public CreateArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  /** Fixes the creation time; with the same source state the archive is then byte-identical. */
  public CreateArchiveCommand timestamp(Instant time) { this.timestamp = time; return this; }
  /** Incremental on top of {@code spec}: an archive file, its manifest.json, or an archive id in the catalog. */
  public CreateArchiveCommand base(String spec) { this.base = spec; return this; }
  /** Incremental on top of the last archive of this source recorded in the catalog (full if there is none). */
  public CreateArchiveCommand sinceLast(boolean enabled) { this.sinceLast = enabled; return this; }
  /** Writes an incremental archive even when nothing changed since the base. */
  public CreateArchiveCommand allowEmpty(boolean enabled) { this.allowEmpty = enabled; return this; }
  /** Says what would be fetched and written, and changes nothing. */
  public CreateArchiveCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }
  public CreateArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public CreateArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public CreateResult call() throws ArchiverException {
    ArchiveDecryptor decryptor = decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase);
    try (ArchiveLocations locations = new ArchiveLocations(storeOptions(), decryptor)) {
      return run(locations);
    }
  }

  private CreateResult run(ArchiveLocations locations) throws ArchiverException {
    GitRemote remote = GitRemote.parse(source);
    ArchiveSigner signer = signKey == null ? null : ArchiveSigner.load(signKey, passphrase);
    ArchiveEncryptor encryptor = encryptTo.isEmpty() ? null : ArchiveEncryptor.load(encryptTo);
    if (signer == null) {
      progress.warn("the archive will not be signed: pass --sign-key so the air-gapped side can trust it");
    }
    Instant createdAt = createdAt();
    String archiveName = ArchiveFileName.sanitize(name != null ? name : remote.humanName());
    Path cache = cacheDir != null ? cacheDir : Defaults.cacheDir(env);
    if (dryRun) {
      return dryRun(remote, signer, createdAt, archiveName, cache, locations);
    }
    ArchiveOutput destination = new ArchiveOutput(output, splitSize, storeOptions()).encryptTo(encryptor);
    destination.prepare();
    Steps steps = new Steps(progress, 3 + (lfs ? 1 : 0) + (dependencies ? 1 : 0));
    RemoteAccess access = RemoteAccess.of(remote, env, "SOURCE_", progress);

    SourceMirror mirror = new SourceMirror(cache, progress);
    try (ExclusiveLock lock = ExclusiveLock.acquire(mirror.lockFileFor(remote), "the cache of " + remote.display(),
        progress)) {
      return create(remote, signer, createdAt, archiveName, cache, mirror, destination, steps, access, locations);
    }
  }

  private CreateResult create(GitRemote remote, ArchiveSigner signer, Instant createdAt, String archiveName,
      Path cache, SourceMirror mirror, ArchiveOutput destination, Steps steps, RemoteAccess access,
      ArchiveLocations locations) throws ArchiverException {
    SourceState state = steps.run("Fetching " + remote.display(),
        () -> mirror.fetch(access, RefFilter.of(includeRefs, excludeRefs)));
    Path work = mirror.workDirFor(remote);
    try {
      FileTrees.deleteRecursively(work);
      Files.createDirectories(work);
      if (state.refs().isEmpty()) {
        throw new InvalidRequestException("the source has no refs to archive (selected: "
            + (includeRefs.isEmpty() ? RefFilter.DEFAULT_INCLUDES : includeRefs) + ")");
      }
      String sourceId = SourceIdentity.of(state);
      BaseSelection selection = new BaseSelection(state, sourceId, cache, locations, progress);
      Optional<BaseArchive> baseArchive = selection.select(base, sinceLast);
      if (baseArchive.isPresent() && baseArchive.get().refs().equals(state.refs()) && !allowEmpty) {
        progress.info("nothing changed since archive " + baseArchive.get().archiveId() + "; no archive written");
        return new CreateResult(null, null, 0, null, true, false);
      }
      ArchiveType type = baseArchive.isPresent() ? ArchiveType.INCREMENTAL : ArchiveType.FULL;
      Set<String> assumed = baseArchive.isPresent() ? selection.assumedCommits(baseArchive.get()) : Set.of();
      Path bundleFile = work.resolve("repo.bundle");
      PayloadEntry bundle = steps.run("Writing git bundle (" + state.refs().size() + " refs"
          + (assumed.isEmpty() ? "" : ", on top of " + assumed.size() + " commits the receiver holds") + ")",
          () -> new BundleStep(state, progress).write(bundleFile, assumed));
      List<PayloadEntry> payload = new ArrayList<>();
      payload.add(bundle);
      LfsCollection lfsObjects = !lfs ? LfsCollection.NONE : steps.run("Collecting Git LFS objects",
          () -> new LfsCollector(cache, lfsOptions, progress).collect(state, access, baseArchive.map(BaseArchive::lfsOids).orElse(Set.of()),
              baseArchive.map(BaseArchive::lfsCoveredTips).orElse(List.of())));
      payload.addAll(lfsObjects.entries());
      VendorResult deps = !dependencies ? VendorResult.EMPTY : steps.run("Vendoring dependencies",
          () -> new DependencyVendor(cache, env, dependencySpec, progress).vendor(state, archiveName, createdAt,
              baseArchive.map(BaseArchive::dependencyFiles).orElse(Set.of())));
      payload.addAll(deps.payload());
      RestoreScripts.all().forEach(s -> payload.add(PayloadEntry.ofBytes(s.entryName(), s.content(),
          TarGzWriter.MODE_EXECUTABLE)));
      Manifest manifest = new Manifest(Manifest.FORMAT, type, createdAt.toString(), ToolVersion.get(),
          new Manifest.Source(sourceId, archiveName, remote.display()), state.refs(), state.head(),
          baseArchive.map(b -> new Manifest.Base(b.archiveId(), b.refs())).orElse(null),
          baseArchive.isPresent() ? List.copyOf(assumed) : null,
          baseArchive.isPresent() ? RefChangeClassifier.classify(state.cache(), baseArchive.get().refs(), state.refs()) : null,
          lfsObjects.carried(), deps.records(), signer == null ? null : signer.fingerprint(), lfsObjects.missing());
      String fileName = ArchiveFileName.of(archiveName, type, createdAt, !encryptTo.isEmpty());
      Path workDir = work;
      ArchiveAssembler.Written written = steps.run("Signing and writing " + destination.describe(fileName),
          () -> destination.write(fileName, workDir, manifest, signer, createdAt, payload, progress));
      remember(cache, sourceId, written, manifest);
      return new CreateResult(written.location(), written.archiveId(), written.size(), manifest, false, false);
    } catch (IOException e) {
      throw new OperationFailedException("could not prepare the archive under " + cache + ": " + e.getMessage(), e);
    } finally {
      state.cache().close();
      FileTrees.deleteQuietly(work);
    }
  }

  private CreateResult dryRun(GitRemote remote, ArchiveSigner signer, Instant createdAt, String archiveName,
      Path cache, ArchiveLocations locations) throws ArchiverException {
    Optional<BaseArchive> baseArchive = Optional.empty();
    Optional<String> sourceId = SourceIdentity.recorded(new SourceMirror(cache, progress).cacheDirFor(remote));
    try {
      Catalog catalog = sourceId.isPresent() ? Catalog.open(cache, sourceId.get()) : null;
      if (base != null) {
        baseArchive = Optional.of(new BaseResolver(catalog != null ? catalog : Catalog.open(cache, "none"), locations).resolve(base));
      } else if (sinceLast && catalog != null && catalog.latest().isPresent()) {
        baseArchive = Optional.of(new BaseResolver(catalog, locations).fromCatalog(catalog.latest().get()));
      }
    } catch (IOException e) {
      progress.warn("the catalog is unreadable (" + e.getMessage() + "); a real run would create a full archive");
    }
    CreateDryRun.Plan plan = new CreateDryRun(progress).run(RemoteAccess.of(remote, env, "SOURCE_", progress),
        RefFilter.of(includeRefs, excludeRefs), baseArchive, new ArchiveOutput(output, splitSize, storeOptions()),
        archiveName, createdAt, signer == null ? null : signer.fingerprint());
    return new CreateResult(plan.archive(), null, 0, null, false, true);
  }

  /** Records the archive in the catalog; a failure there must not fail a finished archive. */
  private void remember(Path cache, String sourceId, ArchiveAssembler.Written written, Manifest manifest) {
    try {
      Catalog catalog = Catalog.open(cache, sourceId);
      catalog.append(new Catalog.Entry(written.archiveId(), manifest.type().label(), manifest.createdAt(),
          written.location(), manifest.base() == null ? null : manifest.base().archiveId(),
          manifest.refs(), manifest.lfs().stream().map(Manifest.LfsObject::oid).toList(),
          List.copyOf(DependencyRecords.heldKeys(manifest.dependencies())),
          // whether the next incremental may skip this archive's history when scanning for LFS pointers
          lfs && lfsOptions.scope() == LfsScope.HISTORY
              ? manifest.lfsMissing().stream().map(Manifest.LfsObject::oid).toList() : null));
    } catch (IOException e) {
      progress.warn("could not record the archive in the catalog (" + e.getMessage()
          + "); the next --since-last will need --base instead");
    }
  }

  private Instant createdAt() throws InvalidRequestException {
    if (timestamp != null) {
      return timestamp.truncatedTo(ChronoUnit.SECONDS);
    }
    String epoch = env.get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("SOURCE_DATE_EPOCH must be seconds since 1970, not '" + epoch + "'");
      }
    }
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private StoreOptions storeOptions() {
    return storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build();
  }

  boolean lfsEnabled() {
    return lfs;
  }

  boolean dependenciesEnabled() {
    return dependencies;
  }
}
