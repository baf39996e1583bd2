package io.airgap.archiver.restore;

import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.internal.FileTrees;
import java.nio.file.Path;

/** A verified archive extracted into a staging folder; closing removes the folder. */
public record StagedArchive(VerifiedArchive verified, Path dir) implements AutoCloseable {
  public Path file(String entryName) {
    return dir.resolve(entryName);
  }

  @Override
  public void close() {
    FileTrees.deleteQuietly(dir);
  }
}
