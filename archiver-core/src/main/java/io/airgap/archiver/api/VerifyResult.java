package io.airgap.archiver.api;

import io.airgap.archiver.archive.VerifiedArchive;

/** An archive that passed {@code verify}, and how far its signature was checked. */
public record VerifyResult(String archive, long archiveSize, VerifiedArchive verified) {}
