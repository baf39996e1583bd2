package io.airgap.archiver.lfs;

/**
 * How create and restore handle Git LFS: scope of the scan, an endpoint overriding the derived one,
 * whether objects the source lacks may be left out, and how many transfers run at once.
 */
public record LfsOptions(LfsScope scope, String url, boolean allowMissing, int transfers) {
  /** git-lfs's own default is 8; fewer is gentler on a shared connected host. */
  public static final int DEFAULT_TRANSFERS = 4;

  public static final LfsOptions DEFAULT = new LfsOptions(LfsScope.HISTORY, null, false, DEFAULT_TRANSFERS);

  public LfsOptions {
    scope = scope == null ? LfsScope.HISTORY : scope;
    url = url == null || url.isBlank() ? null : url.trim();
    transfers = transfers <= 0 ? DEFAULT_TRANSFERS : transfers;
  }
}
