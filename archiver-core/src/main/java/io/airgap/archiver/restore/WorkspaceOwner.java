package io.airgap.archiver.restore;

import io.airgap.archiver.api.InvalidRequestException;
import io.airgap.archiver.api.OperationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binds a workspace to one source, so archives of two repositories are never mixed in it. */
final class WorkspaceOwner {
  private static final String FILE = "source-id";

  private WorkspaceOwner() {}

  static void claim(Path workspace, String sourceId) throws InvalidRequestException, OperationFailedException {
    if (sourceId == null) {
      return;
    }
    Path file = workspace.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!owner.equals(sourceId)) {
          throw new InvalidRequestException("the workspace " + workspace + " holds source " + owner
              + ", but this archive is of source " + sourceId + "; use another --workspace");
        }
      } else {
        Files.writeString(file, sourceId + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not record the workspace's source in " + file + ": " + e.getMessage(), e);
    }
  }
}
