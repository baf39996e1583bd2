package io.airgap.archiver.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an archive file given by the user, with a clear message when it is not there. */
final class ArchiveSource {
  private ArchiveSource() {}

  static long size(Path archive) throws InvalidRequestException {
    if (archive == null) {
      throw new InvalidRequestException("no archive given");
    }
    if (!Files.isRegularFile(archive)) {
      throw new InvalidRequestException("archive " + archive + " does not exist or is not a file");
    }
    try {
      return Files.size(archive);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read archive " + archive + ": " + e.getMessage());
    }
  }

  static InputStream open(Path archive) throws OperationFailedException {
    try {
      return Files.newInputStream(archive);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + archive + ": " + e.getMessage(), e);
    }
  }
}
