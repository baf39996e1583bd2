package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLimits;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.JGitCaches;
import io.airgap.archiver.policy.PolicyFile;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.review.ArchiveReviewer;
import io.airgap.archiver.review.Review;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an archive brings across the gap, relative to its base: verifies it (and the base), reads
 * both histories in a scratch folder, and applies a content policy if given. Changes nothing. Single use.
 */
public final class ReviewArchiveCommand {
  private String archive;
  private List<String> bases = List.of();
  private List<Path> trustedKeyFiles = List.of();
  private Path policyFile;
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  ReviewArchiveCommand() {}

  public ReviewArchiveCommand archive(String location) { this.archive = location; return this; }
  /** The archive this one applies on top of, so its history and files can be resolved (null: none). */
  public ReviewArchiveCommand base(String location) { return bases(location == null ? List.of() : List.of(location)); }
  /**
   * Where the base state comes from: the base archive, or archives, folders or prefixes holding its
   * chain down to a full archive (the chain is found by archive ids; other archives there are ignored).
   */
  public ReviewArchiveCommand bases(List<String> locations) { this.bases = List.copyOf(locations); return this; }
  /** Checks the signatures against these keys; without keys integrity only, and the review says so. */
  public ReviewArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  /** A content policy (YAML) whose findings the review lists. */
  public ReviewArchiveCommand policy(Path file) { this.policyFile = file; return this; }
  public ReviewArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Reads encrypted archives ({@code .tar.gz.gpg}) with this secret key; null passphrase for an unprotected key. */
  public ReviewArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  public ReviewArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public ReviewArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public Review call() throws ArchiverException {
    if (archive == null) {
      throw new InvalidRequestException("no archive given");
    }
    JGitCaches.sizeToHeap();
    TrustPolicy trust = new TrustPolicy(trustedKeyFiles.isEmpty() ? null : TrustedKeys.load(trustedKeyFiles),
        trustedKeyFiles.isEmpty(), List.of(), ArchiveLimits.fromEnvironment(env));
    ArchiveReviewer reviewer = new ArchiveReviewer(trust, policyFile == null ? null : PolicyFile.load(policyFile),
        progress);
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build(),
        decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase))) {
      ArchiveInput input = locations.one(archive);
      List<ArchiveInput> baseInputs = bases.isEmpty() ? List.of() : locations.all(bases);
      Path scratch;
      try {
        scratch = Files.createTempDirectory("archiver-review-");
      } catch (IOException e) {
        throw new OperationFailedException("cannot create a scratch folder for the review: " + e.getMessage(), e);
      }
      return reviewer.review(input, baseInputs, scratch);
    }
  }
}
