package io.airgap.archiver.archive;

import java.util.Comparator;

/** Entry names of archive format v1 and the fixed order entries are written in. */
public final class ArchiveLayout {
  public static final String SHA256SUMS = "SHA256SUMS";
  public static final String SIGNATURE = "SHA256SUMS.asc";
  public static final String MANIFEST = "manifest.json";
  public static final String BUNDLE = "repo.bundle";
  public static final String LFS_OBJECTS = "lfs/objects/";
  public static final String DEPENDENCIES = "dependencies/";
  public static final String RESTORE_SCRIPTS = "restore-scripts/";

  /** Payload order after the three header entries: bundle, LFS, dependencies, scripts; sorted within each. */
  public static final Comparator<String> PAYLOAD_ORDER =
      Comparator.comparingInt(ArchiveLayout::group).thenComparing(Comparator.naturalOrder());

  private ArchiveLayout() {}

  private static int group(String name) {
    if (name.equals(BUNDLE)) {
      return 0;
    }
    if (name.startsWith(LFS_OBJECTS)) {
      return 1;
    }
    if (name.startsWith(DEPENDENCIES)) {
      return 2;
    }
    if (name.startsWith(RESTORE_SCRIPTS)) {
      return 3;
    }
    return 4;
  }

  /** The path of an LFS object inside the archive, git-lfs's own layout. */
  public static String lfsObjectPath(String oid) {
    return LFS_OBJECTS + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid;
  }
}
