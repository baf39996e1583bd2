package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code verify --deep}: besides the streaming checks, unbundles the pack into a scratch repository
 * with restore's own checks (every ref's history complete, no unsafe tree entries), so a bundle
 * whose pack lies is caught before the archive reaches a restore host. Incremental packs can only
 * be checked on top of their base, which restore does.
 */
public final class DeepVerification {
  private final TrustPolicy trust;
  private final ProgressListener progress;

  public DeepVerification(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  public VerifiedArchive verify(InputStream archive, long size) throws ArchiverException {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("archiver-verify-");
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a scratch folder for --deep: " + e.getMessage(), e);
    }
    try (StagedArchive staged = new ArchiveStager(trust, progress).stage(archive, size,
        Files.createDirectories(scratch.resolve("staging")))) {
      VerifiedArchive verified = staged.verified();
      if (verified.manifest().type() == ArchiveType.INCREMENTAL) {
        progress.warn("the pack of an incremental archive can only be checked on top of its base; restore checks it");
        return verified;
      }
      try (Workspace workspace = Workspace.open(scratch.resolve("workspace"))) {
        workspace.applyBundle(staged.file(ArchiveLayout.BUNDLE), true, progress, null);
      }
      return verified;
    } catch (IOException e) {
      throw new OperationFailedException("cannot prepare the scratch folder " + scratch + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }
}
