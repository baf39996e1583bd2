package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.RestoreScripts;
import io.airgap.archiver.create.BundleStep;
import io.airgap.archiver.create.SourceIdentity;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.lfs.LfsCollector;
import io.airgap.archiver.lfs.LfsOptions;
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
import java.util.Set;

/** Builds one full archive of a Git repository: fetch, bundle, collect LFS objects, sign, write. Single use. */
public final class CreateArchiveCommand {
  private String source;
  private Path outputDir = Path.of(".");
  private String name;
  private Path cacheDir;
  private List<String> includeRefs = List.of();
  private List<String> excludeRefs = List.of();
  private boolean lfs = true;
  private LfsOptions lfsOptions = LfsOptions.DEFAULT;
  private boolean dependencies = true;
  private Path signKey;
  private char[] passphrase;
  private Instant timestamp;
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
  /** Scope, endpoint override, tolerance of missing objects and parallelism of the LFS step. */
  public CreateArchiveCommand lfsOptions(LfsOptions options) { this.lfsOptions = options; return this; }
  public CreateArchiveCommand dependencies(boolean enabled) { this.dependencies = enabled; return this; }
  public CreateArchiveCommand signKey(Path secretKeyFile, char[] keyPassphrase) {
    this.signKey = secretKeyFile;
    this.passphrase = keyPassphrase;
    return this;
  }
  /** Fixes the creation time; with the same source state the archive is then byte-identical. */
  public CreateArchiveCommand timestamp(Instant time) { this.timestamp = time; return this; }
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
    Steps steps = new Steps(progress, lfs ? 4 : 3);
    RemoteAccess access = RemoteAccess.of(remote, env, "SOURCE_", progress);

    SourceState state = steps.run("Fetching " + remote.display(),
        () -> new SourceMirror(cache, progress).fetch(access, RefFilter.of(includeRefs, excludeRefs)));
    Path work = null;
    try {
      if (state.refs().isEmpty()) {
        throw new InvalidRequestException("the source has no refs to archive (selected: "
            + (includeRefs.isEmpty() ? RefFilter.DEFAULT_INCLUDES : includeRefs) + ")");
      }
      work = Files.createTempDirectory(Files.createDirectories(cache.resolve("tmp")), "create-");
      Path bundleDir = work;
      PayloadEntry bundle = steps.run("Writing git bundle (" + state.refs().size() + " refs)",
          () -> new BundleStep(state, progress).write(bundleDir.resolve("repo.bundle"), List.of()));
      List<PayloadEntry> payload = new ArrayList<>();
      payload.add(bundle);
      LfsCollection lfsObjects = !lfs ? LfsCollection.NONE : steps.run("Collecting Git LFS objects",
          () -> new LfsCollector(cache, lfsOptions, progress).collect(state, access, Set.of()));
      payload.addAll(lfsObjects.entries());
      RestoreScripts.all().forEach(s -> payload.add(PayloadEntry.ofBytes(s.entryName(), s.content(),
          io.airgap.archiver.archive.TarGzWriter.MODE_EXECUTABLE)));
      Manifest manifest = new Manifest(Manifest.FORMAT, ArchiveType.FULL, createdAt.toString(), ToolVersion.get(),
          new Manifest.Source(SourceIdentity.of(state), archiveName, remote.display()), state.refs(), state.head(),
          null, null, lfsObjects.carried(), List.of(), signer == null ? null : signer.fingerprint(),
          lfsObjects.missing());
      Path target = output.resolve(ArchiveFileName.of(archiveName, ArchiveType.FULL, createdAt));
      if (Files.exists(target)) {
        throw new InvalidRequestException(target + " already exists; move it away or choose another --output");
      }
      ArchiveAssembler.Written written = steps.run("Signing and writing " + target.getFileName(),
          () -> new ArchiveAssembler(progress).write(target, manifest, signer, createdAt, payload));
      return new CreateResult(written.file(), written.archiveId(), written.size(), manifest);
    } catch (IOException e) {
      throw new OperationFailedException("could not prepare a work folder under " + cache + ": " + e.getMessage(), e);
    } finally {
      state.cache().close();
      FileTrees.deleteQuietly(work);
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
