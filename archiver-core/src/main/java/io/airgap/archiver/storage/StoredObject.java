package io.airgap.archiver.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One object in an {@link ArchiveStore}.
 *
 * @param sha256 lower-hex SHA-256 of the content, or {@code null} when the store does not know it
 */
public record StoredObject(String name, long size, String sha256, Instant lastModified) {

  public StoredObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastModified, "lastModified");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
