package io.airgap.archiver.api;

import io.airgap.archiver.archive.VerifiedArchive;
import java.nio.file.Path;

/** An archive that passed {@code verify}, and how far its signature was checked. */
public record VerifyResult(Path archive, long archiveSize, VerifiedArchive verified) {}
