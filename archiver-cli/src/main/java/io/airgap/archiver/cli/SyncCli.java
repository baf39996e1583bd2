package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.GroupSyncResult;
import io.airgap.archiver.api.SyncCommand;
import io.airgap.archiver.api.SyncResult;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsScope;
import io.airgap.archiver.internal.Redaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code archiver sync}: mirror a source straight to targets, one way or both ways, optionally with a
 * backup archive and a content policy; with {@code --discover}, every repository of a forge group.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Mirror a Git repository (refs and LFS objects) directly to one or more targets, or keep two repositories in step both ways.")
final class SyncCli extends ArchiverCommand {
  @Option(names = "--source", paramLabel = "URL|PATH", description = "Repository to mirror: path, file://, http(s)://, ssh://, git://. Default: $SOURCE_REPO_URL. Credentials: $SOURCE_TOKEN, $SOURCE_USERNAME, $SOURCE_SSH_KEY.")
  String source;

  @Option(names = "--target", paramLabel = "URL", description = "Repository to bring to the source's refs (repeatable; each independently). Default: $TARGET_REPO_URL. Credentials: $TARGET_TOKEN, $TARGET_USERNAME, $TARGET_SSH_KEY.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--target-lfs-url", paramLabel = "TARGET=LFS-URL", description = "A target's Git LFS server (http(s) URL, or a path/file:// repository for git-lfs's standalone layout), for targets whose URL does not imply it (git://, or an ssh:// server without git-lfs-authenticate). Default: the target URL + .git/info/lfs; a path or file:// target gets <repo>/lfs/objects.")
  Map<String, String> targetLfsUrls = new LinkedHashMap<>();

  @Option(names = "--bidirectional", description = "Keep --source and exactly one --target in step both ways: a ref changed on one side since the last sync goes to the other; changed on both sides is a conflict.")
  boolean bidirectional;

  @Option(names = "--on-conflict", paramLabel = "POLICY", description = "When refs diverged: fail (default, exit 4, the target untouched), source-wins, target-wins.",
      converter = RestoreCli.ConflictPolicyConverter.class)
  ConflictPolicy onConflict = ConflictPolicy.FAIL;

  @Option(names = "--prune", description = "One way: delete target branches, tags and notes the source no longer has (only in the synced namespaces).")
  boolean prune;

  @Option(names = "--include-refs", split = ",", paramLabel = "GLOB", description = "Refs to sync ('*' matches across '/'). Default: refs/heads/*, refs/tags/*, refs/notes/*.")
  List<String> includeRefs = new ArrayList<>();

  @Option(names = "--exclude-refs", split = ",", paramLabel = "GLOB", description = "Refs to leave out, applied after --include-refs.")
  List<String> excludeRefs = new ArrayList<>();

  @Option(names = "--cache", paramLabel = "DIR", description = "Where mirrors, the LFS cache, the sync state and the backup catalog are kept. Default: $ARCHIVER_CACHE, else $XDG_CACHE_HOME/airgap-archiver, else $HOME/.cache/airgap-archiver.")
  Path cache;

  @Option(names = "--no-lfs", description = "Do not carry Git LFS objects.")
  boolean noLfs;

  @Option(names = "--lfs-url", paramLabel = "URL", description = "The source's Git LFS server. Default: lfs.url from .lfsconfig, else the source URL + .git/info/lfs.")
  String lfsUrl;

  @Option(names = "--lfs-transfers", paramLabel = "N", description = "Parallel LFS transfers (default: 4).")
  int lfsTransfers;

  @Option(names = "--backup-to", paramLabel = "DIR|s3://BUCKET/PREFIX", description = "After syncing, write a signed archive of the source's state here: full the first time, incremental on the last backup after that.")
  String backupTo;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Option(names = "--sign-key", paramLabel = "FILE", description = "Secret key for the backup archive. Default: $ARCHIVER_SIGN_KEY. Passphrase: $ARCHIVER_KEY_PASSPHRASE or --passphrase-file.")
  Path signKey;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File whose first line is the signing key's passphrase.")
  Path passphraseFile;

  @Option(names = "--policy", paramLabel = "FILE", description = "Content policy (YAML) that everything pushed must pass; a violation leaves that target untouched (nothing pushed, no LFS uploaded, no backup) and exits 5.")
  Path policy;

  @Mixin DiscoverOptions discover = new DiscoverOptions();
  @Mixin CredentialOriginOptions credentials = new CredentialOriginOptions();

  @Mixin SyncGroupOptions group = new SyncGroupOptions();

  @Option(names = "--dry-run", description = "Fetch into the cache and plan against the real targets; change no target, write no backup or sync state.")
  boolean dryRun;

  SyncCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "sync";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    discover.validate();
    group.validate(discover.requested());
    if (discover.requested()) {
      session.header("sync --discover " + discover.group, Map.of("group", String.valueOf(discover.group),
          "template", Redaction.url(group.targetTemplate)));
      // only values given on the command line: the core refuses them beside --discover, the $*_REPO_URL defaults don't count
      GroupSyncResult result = command(session)
          .source(source != null && !source.equals(context.env.get("SOURCE_REPO_URL")) ? source : null)
          .targets(targets.stream().filter(t -> !t.equals(context.env.get("TARGET_REPO_URL"))).toList())
          .discover(DiscoverOptions.discovery(discover.asEntry()))
          .targetTemplate(group.targetTemplate)
          .createRepos(group.createRepos == null ? null : ForgeKind.parse(group.createRepos), group.targetApiUrl)
          .parallel(group.parallel == null ? 1 : group.parallel)
          .callGroup();
      return GroupSyncReport.of(result, common.verbose);
    }
    if (source == null) {
      throw new InvalidRequestException("no source given: pass --source or set SOURCE_REPO_URL");
    }
    session.header("sync " + Redaction.url(source), Map.of("source", Redaction.url(source), "targets", targets.size(),
        "direction", bidirectional ? "bidirectional" : "one-way"));
    SyncResult result = command(session)
        .source(source)
        .targets(targets)
        .call();
    return SyncReport.of(result, common.verbose);
  }

  /** Every option but the source and targets, the same for one repository and for a group. */
  private SyncCommand command(RunSession session) throws Exception {
    return Archiver.sync()
        .targetLfsUrls(targetLfsUrls)
        .cacheDir(cache)
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .lfs(!noLfs)
        .lfsOptions(new LfsOptions(LfsScope.HISTORY, lfsUrl, false, lfsTransfers))
        .onConflict(onConflict)
        .prune(prune)
        .bidirectional(bidirectional)
        .backupTo(backupTo)
        .storeOptions(store.toOptions(context.env))
        .signKey(signKey, signKey == null ? null : Passphrases.read(passphraseFile, context.env))
        .dryRun(dryRun)
        .environment(context.env)
        .policy(policy)
        .credentialOrigins(credentials.origins)
        .progress(session.listener());
  }
}
