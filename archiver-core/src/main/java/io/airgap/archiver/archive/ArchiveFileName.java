package io.airgap.archiver.archive;

import io.airgap.archiver.manifest.ArchiveType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code <name>-<full|incremental>-<yyyyMMdd'T'HHmmss'Z'>.tar.gz}, always in UTC; encrypted archives add
 * {@code .gpg}, as stock gpg names its output.
 */
public final class ArchiveFileName {
  public static final String SUFFIX = ".tar.gz";
  public static final String ENCRYPTED_SUFFIX = ".tar.gz.gpg";
  /** Room for {@code -incremental-yyyyMMddTHHmmssZ.tar.gz.gpg} within a 255-byte file name. */
  static final int MAX_NAME_LENGTH = 200;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ArchiveFileName() {}

  public static String of(String name, ArchiveType type, Instant createdAt) {
    return name + "-" + type.label() + "-" + STAMP.format(createdAt) + SUFFIX;
  }

  public static String of(String name, ArchiveType type, Instant createdAt, boolean encrypted) {
    return of(name, type, createdAt) + (encrypted ? ".gpg" : "");
  }

  /** Whether a file or object name is an archive's (plain or encrypted), not a sidecar, part or index. */
  public static boolean isArchive(String fileName) {
    return fileName.endsWith(SUFFIX) || fileName.endsWith(ENCRYPTED_SUFFIX);
  }

  /**
   * Reduces a repository name to characters safe in a file name on any file system, short enough that
   * the archive's file name stays within 255 bytes: always a one-segment {@code RepositoryPath}, as
   * the manifest's {@code source.name} must be.
   */
  public static String sanitize(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    s = s.substring(0, Math.min(s.length(), MAX_NAME_LENGTH));
    return s.isEmpty() ? "repository" : s;
  }
}
