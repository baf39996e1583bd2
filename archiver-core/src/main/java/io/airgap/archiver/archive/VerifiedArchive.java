package io.airgap.archiver.archive;

import io.airgap.archiver.git.BundleHeader;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.Sha256Sums;

/** An archive that passed verification, with what was learned while reading it. */
public record VerifiedArchive(
    String archiveId,
    Manifest manifest,
    Sha256Sums sums,
    SignatureStatus signatureStatus,
    String signerFingerprint,
    BundleHeader bundle,
    int entryCount,
    long contentBytes) {}
