package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to place in the archive after its header entries, with its SHA-256 already known (computed
 * when it was produced), so writing the archive is a single streaming pass.
 */
public record PayloadEntry(String name, long size, String sha256, Opener opener, int mode, boolean compressible) {

  /** Opens the entry's content; the caller closes the stream. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public static PayloadEntry ofFile(String name, Path file, String sha256, boolean compressible) throws IOException {
    return new PayloadEntry(name, Files.size(file), sha256, () -> Files.newInputStream(file),
        TarGzWriter.MODE_FILE, compressible);
  }

  public static PayloadEntry ofBytes(String name, byte[] content, int mode) {
    return new PayloadEntry(name, content.length, io.airgap.archiver.internal.Sha256.of(content),
        () -> new java.io.ByteArrayInputStream(content), mode, true);
  }
}
