package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveVerifier;
import io.airgap.archiver.archive.EntrySink;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an archive's integrity and, given trusted keys, its signature. Without keys it checks
 * integrity only and says the signature was not checked. Single use.
 */
public final class VerifyArchiveCommand {
  private Path archive;
  private List<Path> trustedKeyFiles = List.of();
  private ProgressListener progress = ProgressListener.NONE;

  VerifyArchiveCommand() {}

  public VerifyArchiveCommand archive(Path file) { this.archive = file; return this; }
  public VerifyArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  public VerifyArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public VerifyResult call() throws ArchiverException {
    long size = ArchiveSource.size(archive);
    TrustPolicy policy = trustedKeyFiles.isEmpty()
        ? TrustPolicy.integrityOnly()
        : new TrustPolicy(TrustedKeys.load(trustedKeyFiles), false);
    try (InputStream in = ArchiveSource.open(archive)) {
      VerifiedArchive verified = new ArchiveVerifier(policy, progress).verify(in, size, EntrySink.DISCARD);
      return new VerifyResult(archive, size, verified);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + archive + ": " + e.getMessage(), e);
    }
  }
}
