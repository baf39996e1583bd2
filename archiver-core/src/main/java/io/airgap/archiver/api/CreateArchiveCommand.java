package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.create.ArchiveOutput;
import io.airgap.archiver.create.CreateContext;
import io.airgap.archiver.create.CreateOptions;
import io.airgap.archiver.create.CreateSteps;
import io.airgap.archiver.deps.DependencySpec;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.policy.PolicyFile;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.ArchiveEncryptor;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.create.BaseArchive;
import io.airgap.archiver.create.ReportedBase;
import io.airgap.archiver.custody.Receipt;
import io.airgap.archiver.custody.Receipts;
import io.airgap.archiver.signing.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Builds one archive of a Git repository — full, or incremental on top of a base archive: fetch,
 * bundle, collect LFS objects, sign, write, remember in the catalog. Single use.
 */
public final class CreateArchiveCommand {
  private String source;
  private String output = ".";
  private long splitSize;
  private StoreOptions storeOptions;
  private String name;
  private Path cacheDir;
  private List<String> includeRefs = List.of();
  private List<String> excludeRefs = List.of();
  private boolean lfs = true;
  private LfsOptions lfsOptions = LfsOptions.DEFAULT;
  private boolean dependencies = true;
  private DependencySpec dependencySpec = DependencySpec.defaults();
  private Path signKey;
  private char[] passphrase;
  private List<Path> encryptTo = List.of();
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Instant timestamp;
  private String base;
  private boolean sinceLast;
  private boolean allowEmpty;
  private boolean dryRun;
  private Path policyFile;
  private Manifest.Forge forge;
  private boolean recurseSubmodules;
  private List<String> credentialsGivenFor = List.of();
  private List<String> credentialOrigins = List.of();
  private Map<String, String> env = System.getenv();
  private Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;
  private ProgressListener progress = ProgressListener.NONE;
  private Receipts receipts;
  private String receiptsFrom;

  CreateArchiveCommand() {}

  /**
   * Incremental on top of exactly what a signed receipt says the air-gapped side holds: its last archive, with the
   * target's refs as the tips it has. {@code fileOrFolder}: one receipt (it must be of this source), or a folder of
   * them (the newest valid one of this source; a full archive if it holds none). Every receipt must verify against
   * {@code trustedKeys}, else exit 3 and nothing is written.
   */
  public CreateArchiveCommand sinceReceipt(Path fileOrFolder, List<Path> trustedKeys) throws ArchiverException {
    if (trustedKeys.isEmpty()) {
      throw new InvalidRequestException("--since-receipt needs --trust-receipts KEYFILE|KEYDIR: the keys of the"
          + " air-gapped side that sign receipts");
    }
    return sinceReceipts(Receipts.load(fileOrFolder, TrustedKeys.load(trustedKeys)), fileOrFolder.toString());
  }

  /** As {@link #sinceReceipt}, with receipts verified already (a batch verifies its folder once). */
  public CreateArchiveCommand sinceReceipts(Receipts verified, String from) {
    this.receipts = verified;
    this.receiptsFrom = from;
    return this;
  }

  public CreateArchiveCommand source(String location) { this.source = location; return this; }
  public CreateArchiveCommand outputDir(Path dir) { this.output = dir.toString(); return this; }
  /** A local folder, or a store location such as {@code s3://bucket/prefix}. */
  public CreateArchiveCommand output(String location) { this.output = location; return this; }
  /** Writes numbered parts of at most this many bytes (for FAT32 media); 0 writes one file. */
  public CreateArchiveCommand split(long partSize) { this.splitSize = partSize; return this; }
  /** How stores (S3) are reached: endpoint, region, checksums; defaults come from the environment. */
  public CreateArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public CreateArchiveCommand name(String archiveName) { this.name = archiveName; return this; }
  public CreateArchiveCommand cacheDir(Path dir) { this.cacheDir = dir; return this; }
  public CreateArchiveCommand includeRefs(List<String> globs) { this.includeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand excludeRefs(List<String> globs) { this.excludeRefs = List.copyOf(globs); return this; }
  public CreateArchiveCommand lfs(boolean enabled) { this.lfs = enabled; return this; }
  /** Scope, endpoint override, tolerance of missing objects and parallelism of the LFS step. */
  public CreateArchiveCommand lfsOptions(LfsOptions options) { this.lfsOptions = options; return this; }
  public CreateArchiveCommand dependencies(boolean enabled) { this.dependencies = enabled; return this; }
  /** Which refs to scan, which registries to use, and whether missing dependencies are tolerated. */
  public CreateArchiveCommand dependencySpec(DependencySpec spec) { this.dependencySpec = spec; return this; }
  public CreateArchiveCommand signKey(Path secretKeyFile, char[] keyPassphrase) {
    this.signKey = secretKeyFile;
    this.passphrase = keyPassphrase;
    return this;
  }
  /** Encrypts the archive to these recipients' public keys (OpenPGP, {@code .tar.gz.gpg}); empty: in the clear. */
  public CreateArchiveCommand encryptTo(List<Path> publicKeyFiles) { this.encryptTo = List.copyOf(publicKeyFiles); return this; }
  /** Opens an encrypted {@code --base} archive with this secret key. */
  public CreateArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  /** Fixes the creation time; with the same source state the archive is then byte-identical. */
  public CreateArchiveCommand timestamp(Instant time) { this.timestamp = time; return this; }
  /** Incremental on top of {@code spec}: an archive file, its manifest.json, or an archive id in the catalog. */
  public CreateArchiveCommand base(String spec) { this.base = spec; return this; }
  /**
   * Incremental on top of the last archive of this source the catalog records at the same output
   * place (folder or prefix), so each place holds a chain that restores alone; full if there is none.
   */
  public CreateArchiveCommand sinceLast(boolean enabled) { this.sinceLast = enabled; return this; }
  /** Writes an incremental archive even when nothing changed since the base. */
  public CreateArchiveCommand allowEmpty(boolean enabled) { this.allowEmpty = enabled; return this; }
  /** Says what would be fetched and written, and changes nothing. */
  public CreateArchiveCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }
  /** A content policy (YAML) the archive must pass; a violation writes nothing. */
  public CreateArchiveCommand policy(Path file) { this.policyFile = file; return this; }
  /** Records where the repository lives on its forge (fleet discovery) in the manifest's {@code forge} object. */
  public CreateArchiveCommand forge(Manifest.Forge origin) { this.forge = origin; return this; }
  /** Records in the manifest the submodules that {@code .gitmodules} names at the archived ref tips. */
  public CreateArchiveCommand recurseSubmodules(boolean enabled) { this.recurseSubmodules = enabled; return this; }
  /**
   * The URLs the operator gave the {@code SOURCE_*} credentials with, when the source is not one of
   * them: a repository a forge listed ({@code --api-url}) or a {@code .gitmodules} named (the
   * superproject's source). The credentials go only to these origins; default: the source's own.
   */
  public CreateArchiveCommand credentialsGivenFor(List<String> urls) { this.credentialsGivenFor = List.copyOf(urls); return this; }
  /** Further origins ({@code https://host:port}) the {@code SOURCE_*} credentials may go to ({@code --credential-origin}). */
  public CreateArchiveCommand credentialOrigins(List<String> urls) { this.credentialOrigins = List.copyOf(urls); return this; }
  public CreateArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public CreateArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }
  /** How long to wait for another run holding the same cache or output name (zero: fail at once). */
  public CreateArchiveCommand lockTimeout(Duration timeout) { this.lockTimeout = timeout; return this; }

  public CreateResult call() throws ArchiverException {
    ArchiveDecryptor decryptor = decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase);
    try (ArchiveLocations locations = new ArchiveLocations(storeOptions(), decryptor)) {
      CreateContext run = CreateSteps.run(options(), locations, progress);
      if (run.unchanged()) {
        return new CreateResult(null, null, 0, null, true, dryRun);
      }
      ArchiveAssembler.Written written = run.written();
      return new CreateResult(run.archiveLocation(), written == null ? null : written.archiveId(),
          written == null ? 0 : written.size(), run.manifest(), false, dryRun);
    }
  }

  private CreateOptions options() throws ArchiverException {
    GitRemote remote = GitRemote.parse(source);
    ArchiveSigner signer = signKey == null ? null : ArchiveSigner.load(signKey, passphrase);
    ArchiveEncryptor encryptor = encryptTo.isEmpty() ? null : ArchiveEncryptor.load(encryptTo);
    if (signer == null) {
      progress.warn("the archive will not be signed: pass --sign-key so the air-gapped side can trust it");
    }
    Path cache = cacheDir != null ? cacheDir : Defaults.cacheDir(env);
    return CreateOptions.builder()
        .remote(remote)
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .cacheRoot(cache)
        .archiveName(ArchiveFileName.sanitize(name != null ? name : remote.humanName()))
        .createdAt(createdAt())
        .signer(signer)
        .output(new ArchiveOutput(output, splitSize, storeOptions()).encryptTo(encryptor)
            .locks(cache.resolve("locks"), lockTimeout))
        .baseSpec(base)
        .sinceLast(sinceLast)
        .allowEmpty(allowEmpty)
        .lfs(lfs)
        .lfsOptions(lfsOptions)
        .dependencies(dependencies)
        .dependencySpec(dependencySpec)
        .env(env)
        .dryRun(dryRun)
        .policy(policyFile == null ? null : PolicyFile.load(policyFile))
        .forge(forge)
        .recurseSubmodules(recurseSubmodules)
        .lockTimeout(lockTimeout)
        .credentialScope(CredentialScopes.source(source, credentialsGivenFor, lfsOptions.url(), credentialOrigins))
        .reportedBase(reportedBase())
        .build();
  }

  private ReportedBase reportedBase() throws InvalidRequestException {
    if (receipts == null) {
      return null;
    }
    if (base != null || sinceLast) {
      throw new InvalidRequestException("give one of --since-receipt, --base and --since-last");
    }
    boolean oneFile = !Files.isDirectory(Path.of(receiptsFrom));
    return (sourceId, sourceName) -> {
      Optional<Receipts.Verified> found;
      if (oneFile) { // the operator named this receipt: its source id must match, its name may have changed
        found = receipts.all().stream().findFirst();
        if (sourceId != null && found.isPresent() && !found.get().receipt().source().id().equals(sourceId)) {
          throw new InvalidRequestException("the receipt " + receiptsFrom + " is of source "
              + found.get().receipt().source().id() + " (" + found.get().receipt().source().name()
              + "), not of this source (" + sourceId + ")");
        }
      } else {
        found = sourceId == null ? Optional.empty() : receipts.newestFor(sourceId, sourceName);
      }
      if (found.isEmpty()) {
        progress.warn("no receipt of this source (" + sourceName + ", " + sourceId + ") in " + receiptsFrom
            + ": writing a full archive");
        return Optional.empty();
      }
      Receipt r = found.get().receipt();
      progress.info("the receipt " + found.get().file().getFileName() + " (restored " + r.restoredAt() + " to "
          + r.target() + ", signed by " + r.signer().fingerprint() + ") says the air-gapped side holds archive "
          + r.lastArchive());
      return Optional.of(new BaseArchive(r.lastArchive(), r.source().id(), r.refs(), Set.of()));
    };
  }

  private Instant createdAt() throws InvalidRequestException {
    if (timestamp != null) {
      return timestamp.truncatedTo(ChronoUnit.SECONDS);
    }
    String epoch = env.get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("SOURCE_DATE_EPOCH must be seconds since 1970, not '" + epoch + "'");
      }
    }
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private StoreOptions storeOptions() {
    return storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build();
  }
}
