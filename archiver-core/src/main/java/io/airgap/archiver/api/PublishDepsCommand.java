package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.ArchiveLimits;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.DependencyPublisher;
import io.airgap.archiver.publish.PublishReport;
import io.airgap.archiver.publish.PublishTarget;
import io.airgap.archiver.publish.Publishers;
import io.airgap.archiver.restore.ArchiveStager;
import io.airgap.archiver.restore.StagedArchive;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code publish-deps}: verifies archives exactly as restore does (integrity, and the signature
 * against trusted keys unless unsigned archives are allowed), then publishes the vendored
 * dependencies they carry to the internal registries named as {@code ECOSYSTEM=URL}. Conflicts are
 * reported in the result (the CLI exits 4), never overwritten. Single use.
 */
public final class PublishDepsCommand {
  private List<String> archives = List.of();
  private List<String> registries = List.of();
  private List<Path> trustedKeyFiles = List.of();
  private List<String> requiredSigners = List.of();
  private boolean allowUnsigned;
  private boolean dryRun;
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Retry retry = Retry.standard();
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  PublishDepsCommand() {}

  /** Archives: files, split archives, folders of archives, or store locations. */
  public PublishDepsCommand archives(List<String> locations) { this.archives = List.copyOf(locations); return this; }
  /** {@code ECOSYSTEM=URL} for each registry; credentials come from {@code PUBLISH_<ECOSYSTEM>_…} in the environment. */
  public PublishDepsCommand registries(List<String> specs) { this.registries = List.copyOf(specs); return this; }
  public PublishDepsCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  public PublishDepsCommand requireSigners(List<String> fingerprints) { this.requiredSigners = List.copyOf(fingerprints); return this; }
  public PublishDepsCommand allowUnsigned(boolean allow) { this.allowUnsigned = allow; return this; }
  /** Verifies and reads the registries; writes nothing. */
  public PublishDepsCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }
  public PublishDepsCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public PublishDepsCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  /** How requests the registry failed (connection lost, 5xx, 429) are retried. */
  public PublishDepsCommand retry(Retry value) { this.retry = value; return this; }
  public PublishDepsCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public PublishDepsCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public PublishReport call() throws ArchiverException {
    List<PublishTarget> targets = targets(registries, env);
    if (targets.isEmpty()) {
      throw new InvalidRequestException("name at least one registry as ECOSYSTEM=URL (" + String.join(", ",
          Publishers.keys()) + ")");
    }
    if (archives.isEmpty()) {
      throw new InvalidRequestException("name the archive whose dependencies to publish");
    }
    TrustPolicy trust = trust(trustedKeyFiles, allowUnsigned, requiredSigners, env);
    Path staging;
    try {
      staging = Files.createTempDirectory("archiver-publish-");
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a staging folder: " + e.getMessage(), e);
    }
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build(),
        decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase))) {
      List<StagedArchive> staged = new ArrayList<>();
      int i = 0;
      // every archive verifies before anything is published
      for (ArchiveInput input : locations.all(archives)) {
        ArchiveHeader header = ArchiveHeader.read(input);
        try (InputStream in = input.open()) {
          StagedArchive s = new ArchiveStager(trust, progress).withDependencies(true)
              .stage(in, input.size(), staging.resolve(String.valueOf(i++)));
          if (!s.verified().archiveId().equals(header.archiveId())) {
            throw new UntrustedArchiveException(input.name() + " changed while it was being read");
          }
          staged.add(s);
          progress.info("verified " + input.name() + " (archive id " + header.archiveId() + ")");
        } catch (IOException e) {
          throw new OperationFailedException("cannot read " + input.name() + ": " + e.getMessage(), e);
        }
      }
      DependencyPublisher publisher = new DependencyPublisher(targets, retry, progress);
      PublishReport report = PublishReport.EMPTY;
      for (StagedArchive s : staged) {
        report = report.plus(publisher.publish(s.file(ArchiveLayout.DEPENDENCIES), dryRun));
      }
      return report;
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  /** The registries named, checked: a usage error (exit 2) before any archive is read. */
  static List<PublishTarget> targets(List<String> specs, Map<String, String> env) throws InvalidRequestException {
    return PublishTarget.parseAll(specs, Publishers.keys(), env);
  }

  /** The trust restore applies: a key is required unless unsigned archives are allowed. */
  static TrustPolicy trust(List<Path> keys, boolean allowUnsigned, List<String> signers, Map<String, String> env)
      throws InvalidRequestException {
    if (keys.isEmpty() && !allowUnsigned) {
      throw new InvalidRequestException("publishing needs a trusted public key (--trust KEYFILE) to check the"
          + " archive's signature; --allow-unsigned publishes without that check");
    }
    if (!signers.isEmpty() && keys.isEmpty()) {
      throw new InvalidRequestException("--require-signer needs the signer's public key in --trust");
    }
    return new TrustPolicy(keys.isEmpty() ? null : TrustedKeys.load(keys), allowUnsigned, signers,
        ArchiveLimits.fromEnvironment(env));
  }
}
