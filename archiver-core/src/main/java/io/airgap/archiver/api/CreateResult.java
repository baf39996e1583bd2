package io.airgap.archiver.api;

import io.airgap.archiver.manifest.Manifest;

/**
 * What {@code create} produced. When nothing changed since the base and empty archives were not
 * asked for, {@code archive}, {@code archiveId} and {@code manifest} are null and {@code unchanged}
 * is true. A dry run names the archive it would write and the manifest it would carry (refs, type,
 * base — without LFS or dependency records, which need the fetch), and has no id or size.
 */
public record CreateResult(String archive, String archiveId, long size, Manifest manifest, boolean unchanged,
    boolean dryRun) {

  /** {@code full} or {@code incremental}; null when unchanged. */
  public String type() {
    return manifest == null ? null : manifest.type().label();
  }

  /** The base archive's id for an incremental archive, else null. */
  public String baseId() {
    return manifest == null || manifest.base() == null ? null : manifest.base().archiveId();
  }
}
