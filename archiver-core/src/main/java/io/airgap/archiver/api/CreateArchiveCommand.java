package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.RestoreScripts;
import io.airgap.archiver.create.BundleStep;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.create.BaseArchive;
import io.airgap.archiver.create.BaseSelection;
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
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.progress.Steps;
import io.airgap.archiver.signing.ArchiveSigner;
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

/**
 * Builds one archive of a Git repository — full, or incremental on top of a base archive: fetch,
 * bundle, sign, write, remember in the catalog. Single use.
 */
public final class CreateArchiveCommand {
  private String source;
  private Path outputDir = Path.of(".");
  private String name;
  private Path cacheDir;
  private List<String> includeRefs = List.of();
  private List<String> excludeRefs = List.of();
  private boolean lfs = true;
  private boolean dependencies = true;
  private DependencySpec dependencySpec = DependencySpec.defaults();
  private Path signKey;
  private char[] passphrase;
  private Instant timestamp;
  private String base;
  private boolean sinceLast;
  private boolean allowEmpty;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  CreateArchiveCommand() {}

  public CreateArchiveCommand source(String location) { this.source = location; return this; }
  public CreateArchiveCommand outputDir(Path dir) { this.outputDir = dir; return this; }
  public CreateArchiveCommand name(String archiveName) { this.name = archiveName; return this; }
  public CreateArchiveCommand cacheDir(Path dir) { this.cacheDir = dir; return this; }
  public CreateArchiveCommand includeRefs(List<String> globs) { this.includeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand excludeRefs(List<String> globs) { this.excludeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand lfs(boolean enabled) { this.lfs = enabled; return this; }
  public CreateArchiveCommand dependencies(boolean enabled) { this.dependencies = enabled; return this; }
  /** Which refs to scan, which registries to use, and whether missing dependencies are tolerated. */
  public CreateArchiveCommand dependencySpec(DependencySpec spec) { this.dependencySpec = spec; return this; }
  public CreateArchiveCommand signKey(Path secretKeyFile, char[] keyPassphrase) {
    this.signKey = secretKeyFile;
    this.passphrase = keyPassphrase;
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
  public CreateArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public CreateArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public CreateResult call() throws ArchiverException {
    GitRemote remote = GitRemote.parse(source);
    ArchiveSigner signer = signKey == null ? null : ArchiveSigner.load(signKey, passphrase);
    if (signer == null) {
      progress.warn("the archive will not be signed: pass --sign-key so the air-gapped side can trust it");
    }
    Instant createdAt = createdAt();
    String archiveName = ArchiveFileName.sanitize(name != null ? name : remote.humanName());
    Path output = prepareOutput();
    Path cache = cacheDir != null ? cacheDir : Defaults.cacheDir(env);
    Steps steps = new Steps(progress, dependencies ? 4 : 3);

    SourceState state = steps.run("Fetching " + remote.display(),
        () -> new SourceMirror(cache, progress).fetch(RemoteAccess.of(remote, env, "SOURCE_", progress),
            RefFilter.of(includeRefs, excludeRefs)));
    Path work = null;
    try {
      if (state.refs().isEmpty()) {
        throw new InvalidRequestException("the source has no refs to archive (selected: "
            + (includeRefs.isEmpty() ? RefFilter.DEFAULT_INCLUDES : includeRefs) + ")");
      }
      String sourceId = SourceIdentity.of(state);
      BaseSelection selection = new BaseSelection(state, sourceId, cache, progress);
      Optional<BaseArchive> baseArchive = selection.select(base, sinceLast);
      if (baseArchive.isPresent() && baseArchive.get().refs().equals(state.refs()) && !allowEmpty) {
        progress.info("nothing changed since archive " + baseArchive.get().archiveId() + "; no archive written");
        return new CreateResult(null, null, 0, null, true);
      }
      ArchiveType type = baseArchive.isPresent() ? ArchiveType.INCREMENTAL : ArchiveType.FULL;
      Set<String> assumed = baseArchive.isPresent() ? selection.assumedCommits(baseArchive.get()) : Set.of();
      work = Files.createTempDirectory(Files.createDirectories(cache.resolve("tmp")), "create-");
      Path bundleFile = work.resolve("repo.bundle");
      PayloadEntry bundle = steps.run("Writing git bundle (" + state.refs().size() + " refs"
          + (assumed.isEmpty() ? "" : ", on top of " + assumed.size() + " commits the receiver holds") + ")",
          () -> new BundleStep(state, progress).write(bundleFile, assumed));
      List<PayloadEntry> payload = new ArrayList<>();
      payload.add(bundle);
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
          List.of(), deps.records(), signer == null ? null : signer.fingerprint());
      Path target = output.resolve(ArchiveFileName.of(archiveName, type, createdAt));
      if (Files.exists(target)) {
        throw new InvalidRequestException(target + " already exists; move it away or choose another --output");
      }
      ArchiveAssembler.Written written = steps.run("Signing and writing " + target.getFileName(),
          () -> new ArchiveAssembler(progress).write(target, manifest, signer, createdAt, payload));
      remember(cache, sourceId, written, manifest);
      return new CreateResult(written.file(), written.archiveId(), written.size(), manifest, false);
    } catch (IOException e) {
      throw new OperationFailedException("could not prepare the archive under " + cache + ": " + e.getMessage(), e);
    } finally {
      state.cache().close();
      FileTrees.deleteQuietly(work);
    }
  }

  /** Records the archive in the catalog; a failure there must not fail a finished archive. */
  private void remember(Path cache, String sourceId, ArchiveAssembler.Written written, Manifest manifest) {
    try {
      Catalog catalog = Catalog.open(cache, sourceId);
      catalog.append(new Catalog.Entry(written.archiveId(), manifest.type().label(), manifest.createdAt(),
          written.file().toAbsolutePath().toString(), manifest.base() == null ? null : manifest.base().archiveId(),
          manifest.refs(), manifest.lfs().stream().map(Manifest.LfsObject::oid).toList(),
          List.copyOf(DependencyRecords.heldKeys(manifest.dependencies()))));
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

  private Path prepareOutput() throws InvalidRequestException {
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot create the output folder " + outputDir + ": " + e.getMessage());
    }
    if (!Files.isWritable(outputDir)) {
      throw new InvalidRequestException("the output folder " + outputDir + " is not writable");
    }
    return outputDir;
  }

  boolean lfsEnabled() {
    return lfs;
  }

  boolean dependenciesEnabled() {
    return dependencies;
  }
}
