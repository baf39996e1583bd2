package io.airgap.archiver.create;

import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.deps.VendorResult;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.internal.ScratchFile;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.steps.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One create run: its options, the connections it uses, and what each step produced for the next.
 * Steps read and fill it in list order; a dry run fills the same fields from reads alone.
 */
public final class CreateContext implements StepContext {
  final CreateOptions options;
  final RemoteAccess access;
  final ArchiveLocations locations;
  final ProgressListener progress;
  final Path workDir;

  SourceState state;
  String sourceId;
  Optional<BaseArchive> base = Optional.empty();
  Set<String> assumedCommits = Set.of();
  final List<PayloadEntry> payload = new ArrayList<>();
  LfsCollection lfs = LfsCollection.NONE;
  VendorResult dependencies = VendorResult.EMPTY;
  Manifest manifest;
  String archiveLocation;
  ArchiveAssembler.Written written;
  boolean unchanged;

  CreateContext(CreateOptions options, RemoteAccess access, ArchiveLocations locations, Path workDir,
      ProgressListener progress) {
    this.options = options;
    this.access = access;
    this.locations = locations;
    this.workDir = workDir;
    this.progress = progress;
  }

  @Override
  public boolean finished() {
    return unchanged;
  }

  @Override
  public boolean dryRun() {
    return options.dryRun();
  }

  /**
   * A file a step stages in the run's scratch folder until the archive is written. When the archive is encrypted
   * it is sealed under a key that lives only in this process, so nothing of the archive lies on disk in the clear.
   */
  ScratchFile scratch(String name) {
    Path file = workDir.resolve(name);
    return options.output().encrypted() ? ScratchFile.sealed(file) : ScratchFile.plain(file);
  }

  /** Releases the cache repository the fetch opened. */
  void close() {
    if (state != null && state.cache() != null) {
      state.cache().close();
    }
  }

  /** Nothing changed since the base, so no archive was written. */
  public boolean unchanged() {
    return unchanged;
  }

  /** The manifest the archive carries (a dry run's has no LFS or dependency records); null when unchanged. */
  public Manifest manifest() {
    return manifest;
  }

  /** Where the archive is (or, in a dry run, would be); null when unchanged. */
  public String archiveLocation() {
    return archiveLocation;
  }

  /** The written archive's id, size and checksum; null for dry runs and unchanged sources. */
  public ArchiveAssembler.Written written() {
    return written;
  }

  public ArchiveType type() {
    return base.isPresent() ? ArchiveType.INCREMENTAL : ArchiveType.FULL;
  }

  /** The archive's name under its destination, as the write step uses it. */
  String fileName() {
    return ArchiveFileName.of(options.archiveName(), type(), options.createdAt(), options.output().encrypted());
  }
}
