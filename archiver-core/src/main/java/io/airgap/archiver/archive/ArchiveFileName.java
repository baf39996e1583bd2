package io.airgap.archiver.archive;

import io.airgap.archiver.manifest.ArchiveType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** {@code <name>-<full|incremental>-<yyyyMMdd'T'HHmmss'Z'>.tar.gz}, always in UTC. */
public final class ArchiveFileName {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ArchiveFileName() {}

  public static String of(String name, ArchiveType type, Instant createdAt) {
    return name + "-" + type.label() + "-" + STAMP.format(createdAt) + ".tar.gz";
  }

  /** Reduces a repository name to characters safe in a file name on any file system. */
  public static String sanitize(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    return s.isEmpty() ? "repository" : s;
  }
}
