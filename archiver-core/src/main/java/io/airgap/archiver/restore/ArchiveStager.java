package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.ArchiveVerifier;
import io.airgap.archiver.archive.EntrySink;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Verifies an archive while extracting what restore needs into a fresh staging folder; nothing
 * leaves that folder unless the whole archive verified.
 */
public final class ArchiveStager {
  private final TrustPolicy trust;
  private final ProgressListener progress;
  private boolean dependencies;

  public ArchiveStager(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  /** Also extracts {@code dependencies/…}, for {@code restore --deps-dir}. */
  public ArchiveStager withDependencies(boolean enabled) {
    this.dependencies = enabled;
    return this;
  }

  public StagedArchive stage(InputStream archive, long size, Path stagingDir) throws ArchiverException {
    EntrySink sink = name -> {
      if (!name.equals(ArchiveLayout.BUNDLE) && !name.startsWith(ArchiveLayout.LFS_OBJECTS)
          && !(dependencies && name.startsWith(ArchiveLayout.DEPENDENCIES))) {
        return null;
      }
      Path target = stagingDir.resolve(name).normalize();
      if (!target.startsWith(stagingDir)) {
        throw new IOException("refusing to write outside the staging folder: " + name);
      }
      Files.createDirectories(target.getParent());
      return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    };
    try {
      VerifiedArchive verified = new ArchiveVerifier(trust, progress).verify(archive, size, sink);
      return new StagedArchive(verified, stagingDir);
    } catch (ArchiverException | RuntimeException e) {
      FileTrees.deleteQuietly(stagingDir);
      throw e;
    }
  }
}
