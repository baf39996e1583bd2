package io.airgap.archiver.api;

import io.airgap.archiver.manifest.Manifest;

/**
 * What {@code create} produced. When nothing changed since the base and empty archives were not
 * asked for, {@code archive} (the archive's location) and {@code archiveId} are null and {@code unchanged} is true. A dry
 * run names the archive it would write in {@code archive}, and has no id or manifest.
 */
public record CreateResult(String archive, String archiveId, long size, Manifest manifest, boolean unchanged,
    boolean dryRun) {}
