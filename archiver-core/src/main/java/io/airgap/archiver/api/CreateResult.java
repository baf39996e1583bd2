package io.airgap.archiver.api;

import io.airgap.archiver.manifest.Manifest;
import java.nio.file.Path;

/** What {@code create} produced. */
public record CreateResult(Path archive, String archiveId, long size, Manifest manifest) {}
