package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.Plural;
import io.airgap.archiver.api.RestoreResult;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.internal.Redaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver restore}: verify, unbundle and push to the internal Git server. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Verify archives, apply them to a workspace in chain order and push every ref to the target repository.")
final class RestoreCli extends ArchiverCommand {
  @Parameters(arity = "1..*", paramLabel = "ARCHIVE", description = "Archives: files, split archives, folders of archives, or s3:// locations (an object or a prefix) - a full archive and/or a chain of incrementals, in any order.")
  List<String> archives = new ArrayList<>();

  @Mixin StoreCliOptions store = new StoreCliOptions();
  @Mixin FleetRestoreOptions fleet = new FleetRestoreOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  @Option(names = "--target", paramLabel = "GIT-URL", description = "Repository to push to: path, file://, http(s)://, ssh://. Default: $TARGET_REPO_URL. Credentials: $TARGET_TOKEN, $TARGET_USERNAME, $TARGET_SSH_KEY.")
  String target;

  @Option(names = "--trust", split = ",", paramLabel = "KEYFILE", description = "Trusted public key file(s) or folder. Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--require-signer", split = ",", paramLabel = "FINGERPRINT", description = "Accept only signatures by this key fingerprint (repeatable); the key must also be in --trust.")
  List<String> requireSigners = new ArrayList<>();

  @Option(names = "--allow-rollback", description = "Apply an archive older than the newest this workspace has applied (refused by default: exit 3).")
  boolean allowRollback;

  @Option(names = "--allow-unsigned", description = "Restore even if the signature is absent or cannot be checked.")
  boolean allowUnsigned;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace folder. Default: $ARCHIVER_WORKSPACE, else one per source under $ARCHIVER_WORKSPACE_ROOT (default $XDG_DATA_HOME/airgap-archiver/workspaces, else $HOME/.local/share/airgap-archiver/workspaces).")
  Path workspace;

  @Option(names = "--deps-dir", paramLabel = "DIR", description = "Also lay out the vendored dependencies here, with setup-maven.sh, setup-npm.sh, setup-python.sh and setup-go.sh beside them.")
  Path depsDir;

  @Option(names = "--publish-deps", split = ",", paramLabel = "ECOSYSTEM=URL", description = "Also publish the vendored dependencies"
      + " to an internal registry (repeatable): maven=URL, npm=URL, go=URL, python-dir=URL. After verification and --policy, before the push, so"
      + " builds the push triggers find them; a registry holding a file with other content is a conflict: nothing is"
      + " overwritten or pushed, exit 4. Credentials: $PUBLISH_<ECOSYSTEM>_TOKEN or _USERNAME/_PASSWORD.")
  List<String> publishDeps = new ArrayList<>();

  @Mixin LockOptions locks = new LockOptions();

  @Option(names = "--prune", description = "Delete target branches, tags and notes that the archive does not carry.")
  boolean prune;

  @Option(names = "--on-conflict", paramLabel = "POLICY", description = "When a target ref is not an ancestor of the archived one: fail (default, exit 4), source-wins, target-wins.",
      converter = ConflictPolicyConverter.class)
  ConflictPolicy onConflict = ConflictPolicy.FAIL;

  @Option(names = "--policy", paramLabel = "FILE", description = "Content policy (YAML) that everything pushed must pass; a violation exits 5, uploads and pushes nothing.")
  Path policy;

  @Option(names = "--require-policy", paramLabel = "SHA256", description = "Refuse (exit 5) archives whose manifest does not record passing the policy file with this SHA-256 (sha256sum of the file).")
  String requirePolicy;

  @Option(names = "--require-approval", split = ",", paramLabel = "KEYFILE|KEYDIR", description = "Every archive applied needs a valid approval (NAME.approval.asc from 'archiver approve', beside the archive, in --approvals, or under the same s3:// prefix) signed by one of these public keys, for its archive id and its exact file (SHA-256); otherwise exit 3 before anything is pushed.")
  List<Path> requireApproval = new ArrayList<>();

  @Option(names = "--approvals", paramLabel = "DIR", description = "A folder holding approvals, besides each archive's own location.")
  Path approvals;

  @Option(names = "--allow-self-approval", description = "Count an approval signed by the key that signed the archive itself (the two-person rule refuses it by default).")
  boolean allowSelfApproval;

  @Option(names = "--dry-run", description = "Verify, and say what would be applied and pushed; change neither the workspace nor the target.")
  boolean dryRun;

  @Option(names = "--lfs-url", paramLabel = "URL", description = "The target's Git LFS server. Default: the target URL + .git/info/lfs; a path or file:// target gets <repo>/lfs/objects. Credentials: as for --target.")
  String lfsUrl;

  @Option(names = "--lfs-transfers", paramLabel = "N", description = "Parallel LFS uploads (default: 4).")
  int lfsTransfers;

  @Option(names = "--receipt-key", paramLabel = "SECRET-KEYFILE", description = "After a successful restore, sign a receipt of what the target holds (format airgap-receipt/1, verified by stock gpg --verify) with this key; a fleet restore writes one per repository. Passphrase: $ARCHIVER_RECEIPT_KEY_PASSPHRASE, else $ARCHIVER_KEY_PASSPHRASE. A bad key: exit 2, before anything is pushed.")
  Path receiptKey;

  @Option(names = "--receipt-out", paramLabel = "DIR", description = "Where receipt-<source-name>-<time>.json.asc goes. Default: beside the archives (the folder of the first ARCHIVE); required for s3:// archives (exit 2 without it).")
  Path receiptOut;

  RestoreCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "restore";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    fleet.validate(target, context.env.get("TARGET_REPO_URL"), dryRun);
    if (fleet.requested()) {
      if (!publishDeps.isEmpty()) { // refused rather than ignored, as --policy is
        throw new InvalidRequestException("--publish-deps is not available with --target-template yet: publish each"
            + " folder's dependencies with archiver publish-deps DIR ECOSYSTEM=URL");
      }
      if (policy != null || requirePolicy != null) { // refused rather than ignored: a policy must never silently not apply
        throw new InvalidRequestException("--policy and --require-policy are not available with --target-template"
            + " yet: restore each source with its own --target");
      }
      return new FleetRestore(this, session).run();
    }
    String shownTarget = Redaction.url(String.valueOf(target));
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("from", given(archives));
    header.put("target", shownTarget);
    session.header("restore to " + shownTarget, header);
    RestoreResult result = Archiver.restore()
        .archives(archives)
        .target(target)
        .trustedKeys(trust)
        .requireSigners(requireSigners)
        .allowRollback(allowRollback)
        .allowUnsigned(allowUnsigned)
        .workspace(workspace)
        .dependenciesDir(depsDir)
        .prune(prune)
        .onConflict(onConflict)
        .dryRun(dryRun)
        .policy(policy)
        .requirePolicy(requirePolicy)
        .requireApproval(requireApproval, approvals, allowSelfApproval)
        .storeOptions(store.toOptions(context.env))
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .lfsUrl(lfsUrl)
        .lfsTransfers(lfsTransfers)
        .lockTimeout(locks.lockTimeout)
        .receipt(receiptKey, receiptKey == null ? null : Passphrases.forReceipts(context.env), receiptOut)
        .publishDeps(publishDeps)
        .environment(context.env)
        .progress(session.listener())
        .call();
    if (!result.dryRun()) {
      auditRestore(session, result, null);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dry_run", result.dryRun());
    doc.put("applied", result.applied());
    doc.put("target", result.target());
    doc.put("workspace", result.workspace().toString());
    doc.put("head", result.head());
    doc.put("head_set", result.headSet());
    doc.put("last_archive", result.lastArchive());
    doc.put("receipt", result.receipt() == null ? null : result.receipt().toString());
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RefChange.Kind kind : RefChange.Kind.values()) {
      counts.put(kind.name().toLowerCase(Locale.ROOT), result.count(kind));
    }
    doc.put("counts", counts);
    doc.put("refs", result.changes().stream().filter(a -> a.kind() != RefChange.Kind.UNCHANGED)
        .map(a -> Map.of("ref", a.ref(), "action", a.kind().name().toLowerCase(Locale.ROOT))).toList());

    List<String> lines = new ArrayList<>();
    String verb = result.dryRun() ? "Dry run: would restore " : "Restored ";
    lines.add(result.applied().isEmpty()
        ? "Every archive given was already applied; the target was compared with the workspace's state: " + result.target()
        : verb + Plural.of(result.applied().size(), "archive") + " to " + result.target() + ": " + String.join(", ", result.applied()));
    for (RefChange a : result.changes()) {
      if (a.kind() != RefChange.Kind.UNCHANGED && (common.verbose || result.changes().size() <= 50)) {
        lines.add("  " + a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + a.ref());
      }
    }
    lines.add(String.format("  %d created, %d fast-forwarded, %d forced, %d deleted, %d unchanged, %d kept",
        result.count(RefChange.Kind.CREATE), result.count(RefChange.Kind.FAST_FORWARD),
        result.count(RefChange.Kind.FORCE), result.count(RefChange.Kind.DELETE),
        result.count(RefChange.Kind.UNCHANGED),
        result.count(RefChange.Kind.KEEP_TARGET) + result.count(RefChange.Kind.KEEP_EXTRA)));
    if (result.headSet()) {
      lines.add("  HEAD -> " + result.head());
    }
    if (result.receipt() != null) {
      lines.add("  receipt: " + result.receipt());
    }
    if (!publishDeps.isEmpty()) {
      doc.put("dependencies_published", PublishDepsCli.document(result.published()));
      lines.addAll(PublishDepsCli.lines(result.published(), result.dryRun(), common.verbose));
    }
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("archives_applied", result.applied().size());
    metrics.put("refs", result.changes().size());
    metrics.put("refs_pushed", result.changes().stream().filter(a -> a.kind().pushes()).count());
    return CommandOutcome.ok(doc, lines, metrics);
  }

  /** The audit trail of one repository's restore: a line per archive applied, and the receipt. */
  static void auditRestore(RunSession session, RestoreResult result, String repository) {
    for (String id : result.applied()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("message", "archive " + id + " restored to " + result.target());
      f.put("archive_id", id);
      f.put("target", result.target());
      if (repository != null) {
        f.put("repository", repository);
      }
      session.event("archive_restored", f);
    }
    if (result.receipt() != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("message", "receipt written: " + result.receipt());
      f.put("receipt_file", result.receipt().toString());
      f.put("archive_id", result.lastArchive());
      f.put("archive_ids", result.applied());
      f.put("target", result.target());
      if (repository != null) {
        f.put("repository", repository);
      }
      session.event("receipt_written", f);
    }
  }

  /**
   * What the header names as the input: the argument itself when there is one (a folder or an s3:// prefix
   * holds any number of archives, counted once they are read), else how many archive files or locations.
   */
  static String given(List<String> archives) {
    if (archives.size() == 1) {
      return Redaction.url(archives.get(0));
    }
    boolean files = archives.stream().allMatch(a -> !a.contains("://") && java.nio.file.Files.isRegularFile(Path.of(a)));
    return files ? Plural.of(archives.size(), "archive") : archives.size() + " locations";
  }

  /** Accepts fail, source-wins, target-wins. */
  static final class ConflictPolicyConverter implements picocli.CommandLine.ITypeConverter<ConflictPolicy> {
    @Override
    public ConflictPolicy convert(String value) {
      try {
        return ConflictPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("expected fail, source-wins or target-wins, not '" + value + "'");
      }
    }
  }
}
