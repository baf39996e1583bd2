package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLimits;
import io.airgap.archiver.archive.ArchiveVerifier;
import io.airgap.archiver.git.JGitCaches;
import io.airgap.archiver.git.ObjectHashing;
import io.airgap.archiver.archive.EntrySink;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.restore.DeepVerification;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;

/**
 * Checks an archive's integrity and, given trusted keys, its signature, in one streaming pass —
 * from a file, split parts or a store. Without keys it checks integrity only and says the
 * signature was not checked. Single use.
 */
public final class VerifyArchiveCommand {
  private String location;
  private List<Path> trustedKeyFiles = List.of();
  private List<String> requiredSigners = List.of();
  private boolean deep;
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  VerifyArchiveCommand() {}

  public VerifyArchiveCommand archive(Path file) { this.location = file.toString(); return this; }
  /** A file, split archive (index, part or folder), or store location such as {@code s3://bucket/prefix/name.tar.gz}. */
  public VerifyArchiveCommand archive(String archiveLocation) { this.location = archiveLocation; return this; }
  public VerifyArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  /** Accepts only signatures by these primary-key fingerprints (which must also be trusted). */
  public VerifyArchiveCommand requireSigners(List<String> fingerprints) { this.requiredSigners = List.copyOf(fingerprints); return this; }
  /** Also unbundles the pack into a scratch repository, as restore would, to check it holds every ref's history. */
  public VerifyArchiveCommand deep(boolean enabled) { this.deep = enabled; return this; }
  public VerifyArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Reads encrypted archives ({@code .tar.gz.gpg}) with this secret key; null passphrase for an unprotected key. */
  public VerifyArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  public VerifyArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public VerifyArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public VerifyResult call() throws ArchiverException {
    try (ObjectHashing hashing = ObjectHashing.forSignedBundles(env)) {
      return verify();
    }
  }

  private VerifyResult verify() throws ArchiverException {
    if (deep) {
      JGitCaches.sizeToHeap();
    }
    if (location == null) {
      throw new InvalidRequestException("no archive given");
    }
    if (!requiredSigners.isEmpty() && trustedKeyFiles.isEmpty()) {
      throw new InvalidRequestException("--require-signer needs the signer's public key in --trust");
    }
    TrustPolicy policy = new TrustPolicy(trustedKeyFiles.isEmpty() ? null : TrustedKeys.load(trustedKeyFiles),
        trustedKeyFiles.isEmpty(), requiredSigners, ArchiveLimits.fromEnvironment(env));
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build(),
        decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase))) {
      ArchiveInput input = locations.one(location);
      try (InputStream in = input.open()) {
        VerifiedArchive verified = deep
            ? new DeepVerification(policy, progress).verify(in, input.size())
            : new ArchiveVerifier(policy, progress).verify(in, input.size(), EntrySink.DISCARD);
        return VerifyResult.of(input.name(), input.size(), verified);
      } catch (IOException e) {
        throw new OperationFailedException("cannot read archive " + input.name() + ": " + e.getMessage(), e);
      }
    }
  }
}
