package io.airgap.archiver.mirror;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps each mirror's {@link MirrorStatus} in the state folder, written atomically so that
 * {@code mirror status} in another process never reads half a file, and readable by its owner only
 * (0600): the last error is a server's words about the operator's repositories.
 */
public final class MirrorStateStore {
  private final Path dir;

  public MirrorStateStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The lock file that keeps two runs of one mirror apart, across processes too. */
  Path lockFile(String name) {
    return dir.resolve(name + ".lock");
  }

  public MirrorStatus load(MirrorSpec spec) throws OperationFailedException {
    Path file = dir.resolve(spec.name() + ".json");
    if (!Files.exists(file)) {
      return MirrorStatus.initial(spec);
    }
    try {
      return Json.mapper().readValue(file.toFile(), MirrorStatus.class);
    } catch (IOException e) {
      throw new OperationFailedException("the status of mirror '" + spec.name() + "' in " + file
          + " is unreadable (" + e.getMessage() + "); delete it to start afresh", e);
    }
  }

  void save(MirrorStatus status) throws OperationFailedException {
    Path file = dir.resolve(status.name() + ".json");
    try {
      Files.createDirectories(dir);
      try (AtomicFileWriter out = AtomicFileWriter.openPrivate(file)) {
        out.stream().write(Json.prettyWriter().writeValueAsBytes(status));
        out.commitReplacing();
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not save the status of mirror '" + status.name() + "' in " + file
          + ": " + e.getMessage(), e);
    }
  }
}
