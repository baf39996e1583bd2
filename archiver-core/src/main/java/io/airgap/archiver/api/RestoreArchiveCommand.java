package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveLimits;
import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.custody.Approvals;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.JGitCaches;
import io.airgap.archiver.git.ObjectHashing;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.policy.PolicyFile;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.PublishTarget;
import io.airgap.archiver.restore.RestoreContext;
import io.airgap.archiver.restore.RestoreOptions;
import io.airgap.archiver.restore.RestoreSteps;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.signing.ArchiveSigner;
import java.nio.file.Files;
import java.util.ArrayList;
import org.eclipse.jgit.lib.Repository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;

/**
 * Verifies archives (a full one and/or a chain of incrementals), applies them in chain order to a
 * workspace, uploads their LFS objects and pushes the resulting refs to the target, checking each ref's outcome. Re-running
 * it is a no-op. Single use.
 */
public final class RestoreArchiveCommand {
  private List<String> archives = List.of();
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private String target;
  private List<Path> trustedKeyFiles = List.of();
  private List<String> requiredSigners = List.of();
  private boolean allowRollback;
  private boolean allowUnsigned;
  private Path workspace;
  private Path dependenciesDir;
  private List<String> publishDeps = List.of();
  private boolean prune;
  private boolean dryRun;
  private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
  private String lfsUrl;
  private Path policyFile;
  private String requiredPolicy;
  private io.airgap.archiver.git.RemoteCreator creator;
  private List<Path> approverKeyFiles = List.of();
  private Path approvalsDir;
  private boolean allowSelfApproval;
  private int lfsTransfers = LfsOptions.DEFAULT_TRANSFERS;
  private Map<String, String> env = System.getenv();
  private Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;
  private ProgressListener progress = ProgressListener.NONE;
  private Path receiptKey;
  private char[] receiptPassphrase;
  private Path receiptOut;

  RestoreArchiveCommand() {}

  /**
   * After a successful restore, signs a receipt of what the target holds with this secret key (null passphrase for an
   * unprotected key) and writes it into {@code folder}; null folder: beside the archives (a local folder only).
   */
  public RestoreArchiveCommand receipt(Path secretKeyFile, char[] keyPassphrase, Path folder) {
    this.receiptKey = secretKeyFile;
    this.receiptPassphrase = keyPassphrase;
    this.receiptOut = folder;
    return this;
  }

  public RestoreArchiveCommand archive(Path file) { this.archives = List.of(file.toString()); return this; }
  /**
   * Archives: files, split archives, folders (every archive in them), or store locations such as
   * {@code s3://bucket/prefix/name.tar.gz} or {@code s3://bucket/prefix}; order does not matter.
   */
  public RestoreArchiveCommand archives(List<String> locations) { this.archives = List.copyOf(locations); return this; }
  public RestoreArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Reads encrypted archives ({@code .tar.gz.gpg}) with this secret key; null passphrase for an unprotected key. */
  public RestoreArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  public RestoreArchiveCommand target(String location) { this.target = location; return this; }
  public RestoreArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  /** Accepts only signatures by these primary-key fingerprints (which must also be trusted). */
  public RestoreArchiveCommand requireSigners(List<String> fingerprints) { this.requiredSigners = List.copyOf(fingerprints); return this; }
  /** Applies archives older than the newest one the workspace has applied (refused by default). */
  public RestoreArchiveCommand allowRollback(boolean allow) { this.allowRollback = allow; return this; }
  /** Accepts archives whose signature is absent or cannot be checked. */
  public RestoreArchiveCommand allowUnsigned(boolean allow) { this.allowUnsigned = allow; return this; }
  public RestoreArchiveCommand workspace(Path dir) { this.workspace = dir; return this; }
  /** Lays out the archives' vendored dependencies (and their setup scripts) in {@code dir}. */
  public RestoreArchiveCommand dependenciesDir(Path dir) { this.dependenciesDir = dir; return this; }
  /**
   * Publishes the archives' vendored dependencies to internal registries, each as {@code ECOSYSTEM=URL}
   * (credentials from {@code PUBLISH_<ECOSYSTEM>_TOKEN} or {@code _USERNAME}/{@code _PASSWORD}), after
   * verification and the content policy and before the push.
   */
  public RestoreArchiveCommand publishDeps(List<String> specs) { this.publishDeps = List.copyOf(specs); return this; }
  /** Deletes target refs that the archive does not carry. */
  public RestoreArchiveCommand prune(boolean enabled) { this.prune = enabled; return this; }
  public RestoreArchiveCommand onConflict(ConflictPolicy policy) { this.conflictPolicy = policy; return this; }
  /** Verifies and says what would be applied and pushed, changing neither the workspace nor the target. */
  public RestoreArchiveCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }
  /** The target's Git LFS server, instead of the one derived from the target URL. */
  public RestoreArchiveCommand lfsUrl(String url) { this.lfsUrl = url; return this; }
  public RestoreArchiveCommand lfsTransfers(int parallel) { this.lfsTransfers = parallel; return this; }
  /** A content policy (YAML) what is pushed must pass; a violation uploads and pushes nothing. */
  public RestoreArchiveCommand policy(Path file) { this.policyFile = file; return this; }
  /** Refuses archives whose manifest does not record passing the policy with this SHA-256. */
  public RestoreArchiveCommand requirePolicy(String sha256) { this.requiredPolicy = sha256; return this; }
  /**
   * Every archive applied needs a valid approval ({@code NAME.approval.asc}, see {@code archiver approve}) signed by
   * one of these keys (files or folders), found beside it or in {@code folder} (may be null); an approval signed by
   * the archive's own signing key counts only with {@code allowSelfApproval}. Empty: no approval required.
   */
  public RestoreArchiveCommand requireApproval(List<Path> approverKeys, Path folder, boolean allowSelfApproval) {
    this.approverKeyFiles = List.copyOf(approverKeys);
    this.approvalsDir = folder;
    this.allowSelfApproval = allowSelfApproval;
    return this;
  }
  public RestoreArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public RestoreArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }
  /** How long to wait for another run holding the same workspace (zero: fail at once). */
  public RestoreArchiveCommand lockTimeout(Duration timeout) { this.lockTimeout = timeout; return this; }

  public RestoreResult call() throws ArchiverException {
    if (receiptKey != null) {
      receiptFolder(); // a store location without --receipt-out is named before anything is read
    }
    try (ObjectHashing hashing = allowUnsigned ? ObjectHashing.unchanged() : ObjectHashing.forSignedBundles(env)) {
      return restoreAll();
    }
  }

  private RestoreResult restoreAll() throws ArchiverException {
    JGitCaches.sizeToHeap();
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build(),
        decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase))) {
      List<ArchiveHeader> headers = new ArrayList<>();
      for (ArchiveInput input : locations.all(archives)) {
        headers.add(ArchiveHeader.read(input));
      }
      return restore(headers);
    }
  }

  /** Creates the target (through a forge's API) once the archives verified and applied, if it is missing. */
  RestoreArchiveCommand creator(io.airgap.archiver.git.RemoteCreator value) { this.creator = value; return this; }

  /** Restores archives whose headers were read already (a fleet restore groups them by source first). */
  RestoreResult restore(List<ArchiveHeader> headers) throws ArchiverException {
    if (target == null || target.isBlank()) {
      throw new InvalidRequestException("no target repository given (--target or TARGET_REPO_URL)");
    }
    if (trustedKeyFiles.isEmpty() && !allowUnsigned) {
      throw new InvalidRequestException("restore needs a trusted public key (--trust KEYFILE) to check the"
          + " archive's signature; --allow-unsigned restores without that check");
    }
    if (!requiredSigners.isEmpty() && trustedKeyFiles.isEmpty()) {
      throw new InvalidRequestException("--require-signer needs the signer's public key in --trust");
    }
    List<PublishTarget> publishTargets = PublishDepsCommand.targets(publishDeps, env);
    ArchiveSigner receiptSigner = receiptKey == null ? null : ArchiveSigner.load(receiptKey, receiptPassphrase);
    Path receiptFolder = receiptSigner == null ? null : receiptFolder();
    TrustPolicy trust = new TrustPolicy(trustedKeyFiles.isEmpty() ? null : TrustedKeys.load(trustedKeyFiles),
        allowUnsigned, requiredSigners, ArchiveLimits.fromEnvironment(env));
    Approvals.Requirement approvals = approvalRequirement(approverKeyFiles, approvalsDir, allowSelfApproval);
    GitRemote remote = GitRemote.parse(target);
    RemoteAccess access = RemoteAccess.of(remote, env, "TARGET_", CredentialScopes.target(target, lfsUrl), progress);
    RestoreOptions options = RestoreOptions.builder()
        .archives(headers)
        .trust(trust)
        .target(new TargetRepository(access, progress, creator))
        .lfsTarget(LfsTarget.of(access, lfsUrl, lfsTransfers))
        .workspace(workspace)
        .dependenciesDir(dependenciesDir)
        .conflictPolicy(conflictPolicy)
        .prune(prune)
        .allowRollback(allowRollback)
        .dryRun(dryRun)
        .policy(policyFile == null ? null : PolicyFile.load(policyFile))
        .requiredPolicy(requiredPolicy())
        .lockTimeout(lockTimeout)
        .approvals(approvals)
        .publishTargets(publishTargets)
        .build();
    RestoreContext run = RestoreSteps.run(options, Defaults.workspacesDir(env, progress), progress);
    String head = run.head();
    if (!dryRun && !run.headSet() && head != null && remote.localPath() == null) {
      progress.info("make " + Repository.shortenRefName(head) + " the default branch of " + remote.display()
          + " in the server's settings");
    }
    Path receipt = null;
    if (receiptSigner != null && !dryRun) {
      try {
        receipt = RestoreReceipt.write(run, headers, access, receiptSigner, receiptFolder, progress);
      } catch (ArchiverException e) {
        throw new io.airgap.archiver.base.OperationFailedException("the restore to " + remote.display()
            + " succeeded, but no receipt was written: " + e.getMessage() + "; re-run the same restore to write it"
            + " (nothing new is pushed)", e);
      }
    } else if (receiptSigner != null) {
      progress.info("dry run: would write a receipt into " + receiptFolder);
    }
    return new RestoreResult(run.applied(), remote.display(), run.workspaceDir(), run.actions(), head,
        run.headSet(), dryRun, run.lastApplied(), receipt, run.published());
  }

  /** {@code --receipt-out}, else the folder of the (first) archive given; a store location needs the option. */
  private Path receiptFolder() throws InvalidRequestException {
    if (receiptOut != null) {
      return receiptOut;
    }
    String first = archives.isEmpty() ? null : archives.get(0);
    if (first == null || ArchiveLocations.isStore(first)) {
      throw new InvalidRequestException("--receipt-key with archives from " + (first == null ? "a fleet" : "a store")
          + " needs --receipt-out DIR (a local folder for the receipt)");
    }
    Path given = Path.of(first).toAbsolutePath().normalize();
    return Files.isDirectory(given) ? given : given.getParent();
  }

  /** The approval requirement, or null when no approver keys were given; a bad option is a usage error. */
  static Approvals.Requirement approvalRequirement(List<Path> keys, Path folder, boolean allowSelf)
      throws InvalidRequestException {
    if (keys.isEmpty()) {
      if (folder != null || allowSelf) {
        throw new InvalidRequestException("--approvals and --allow-self-approval need --require-approval KEYS");
      }
      return null;
    }
    if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
      throw new InvalidRequestException("--approvals " + folder + " is not a folder");
    }
    return new Approvals.Requirement(TrustedKeys.load(keys), folder, allowSelf);
  }

  private String requiredPolicy() throws InvalidRequestException {
    if (requiredPolicy != null && !requiredPolicy.matches("(?i)[0-9a-f]{64}")) {
      throw new InvalidRequestException("--require-policy takes the policy file's SHA-256 (64 hex digits, as"
          + " sha256sum prints it), not '" + requiredPolicy + "'");
    }
    return requiredPolicy;
  }
}
