package io.airgap.archiver.api;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.RemoteCreator;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.policy.PolicyFile;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.sync.SyncOptions;
import io.airgap.archiver.sync.SyncSteps;
import io.airgap.archiver.sync.SyncTarget;
import io.airgap.archiver.sync.TargetOutcome;
import io.airgap.archiver.sync.TwoWaySteps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mirrors a source directly to one or more targets (Git refs, LFS objects first), or keeps two
 * repositories in step both ways, then optionally writes a signed backup archive of the synced state
 * with {@code create} (full the first time, incremental on the last backup after that). With a
 * policy, a target whose push breaks it is left untouched; with {@link #discover}, a whole forge group
 * is synced, {@link #parallel} repositories at a time ({@link #callGroup}). Single use.
 */
public final class SyncCommand {
  private String source;
  private List<String> targets = List.of();
  private Map<String, String> targetLfsUrls = Map.of();
  private Path cacheDir;
  private List<String> includeRefs = List.of();
  private List<String> excludeRefs = List.of();
  private boolean lfs = true;
  private LfsOptions lfsOptions = LfsOptions.DEFAULT;
  private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
  private boolean prune;
  private boolean bidirectional;
  private String backupTo;
  private StoreOptions storeOptions;
  private Path signKey;
  private char[] passphrase;
  boolean dryRun;
  private Path policyFile;
  private List<String> credentialOrigins = List.of();
  DiscoverRepositoriesCommand discovery;
  String targetTemplate;
  ForgeKind createRepos;
  String createReposApiUrl;
  int parallel = 1;
  Map<String, String> env = System.getenv();
  ProgressListener progress = ProgressListener.NONE;

  SyncCommand() {}

  public SyncCommand source(String location) { this.source = location; return this; }
  public SyncCommand targets(List<String> locations) { this.targets = List.copyOf(locations); return this; }
  /** A target's Git LFS server (by the target location as given), instead of the one derived from its URL. */
  public SyncCommand targetLfsUrls(Map<String, String> byTarget) { this.targetLfsUrls = Map.copyOf(byTarget); return this; }
  public SyncCommand cacheDir(Path dir) { this.cacheDir = dir; return this; }
  public SyncCommand includeRefs(List<String> globs) { this.includeRefs = List.copyOf(globs); return this; }
  public SyncCommand excludeRefs(List<String> globs) { this.excludeRefs = List.copyOf(globs); return this; }
  public SyncCommand lfs(boolean enabled) { this.lfs = enabled; return this; }
  /** The source's LFS endpoint override, parallelism and tolerance of objects the source lacks. */
  public SyncCommand lfsOptions(LfsOptions options) { this.lfsOptions = options; return this; }
  public SyncCommand onConflict(ConflictPolicy policy) { this.conflictPolicy = policy; return this; }
  /** Deletes target refs the source no longer has, in the synced namespaces only. */
  public SyncCommand prune(boolean enabled) { this.prune = enabled; return this; }
  /** Keeps source and (exactly one) target in step both ways, remembering each ref's last synced value. */
  public SyncCommand bidirectional(boolean enabled) { this.bidirectional = enabled; return this; }
  /** After the sync, a signed archive of the source's state to this folder or store location. */
  public SyncCommand backupTo(String location) { this.backupTo = location; return this; }
  public SyncCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public SyncCommand signKey(Path secretKeyFile, char[] keyPassphrase) {
    this.signKey = secretKeyFile;
    this.passphrase = keyPassphrase;
    return this;
  }
  /** Fetches and plans against the real targets, and changes no target and writes no backup. */
  public SyncCommand dryRun(boolean enabled) { this.dryRun = enabled; return this; }
  /** A content policy (YAML) every push must pass; a violation leaves that target untouched (and writes no backup). */
  public SyncCommand policy(Path file) { this.policyFile = file; return this; }
  /** Further origins ({@code https://host:port}) the {@code SOURCE_*} credentials may go to ({@code --credential-origin}). */
  public SyncCommand credentialOrigins(List<String> urls) { this.credentialOrigins = List.copyOf(urls); return this; }
  /** Syncs every repository this discovery lists (see {@link #callGroup}) instead of {@link #source}. */
  public SyncCommand discover(DiscoverRepositoriesCommand group) { this.discovery = group; return this; }
  /** With {@link #discover}: each repository's target, {@code {path}}, {@code {name}}, {@code {group}} from its forge path. */
  public SyncCommand targetTemplate(String template) { this.targetTemplate = template; return this; }
  /** With {@link #discover}: creates missing target repositories through this forge's API (token: {@code TARGET_TOKEN}). */
  public SyncCommand createRepos(ForgeKind kind, String apiUrl) { this.createRepos = kind; this.createReposApiUrl = apiUrl; return this; }
  /** With {@link #discover}: how many repositories sync at once (default 1); the report keeps the group's order. */
  public SyncCommand parallel(int repositories) { this.parallel = repositories; return this; }
  public SyncCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public SyncCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public SyncResult call() throws ArchiverException {
    if (discovery != null) {
      throw new InvalidRequestException("a group sync (--discover) runs with callGroup()");
    }
    return run(source, targets, null);
  }

  /** {@code --discover}: every repository of the group to the URL the template makes, each independently. */
  public GroupSyncResult callGroup() throws ArchiverException {
    return new GroupSync(this).call();
  }

  /** Refuses the one-repository options a group sync cannot honour, rather than ignoring them. */
  void checkGroupOptions() throws InvalidRequestException {
    if (!targets.isEmpty() || (source != null && !source.isBlank())) {
      throw new InvalidRequestException("--discover takes each repository's target from --target-template; give"
          + " neither --source nor --target with it");
    }
    if (bidirectional || !targetLfsUrls.isEmpty() || (backupTo != null && !backupTo.isBlank())) {
      throw new InvalidRequestException("--bidirectional, --target-lfs-url and --backup-to are not available with"
          + " --discover; sync such repositories one at a time");
    }
  }

  /** One source to its targets; {@code creator} creates the (single) target when it is missing, or null. */
  SyncResult run(String source, List<String> targets, RemoteCreator creator) throws ArchiverException {
    SyncOptions options = options(source, targets, creator);
    List<TargetOutcome> outcomes = bidirectional
        ? TwoWaySteps.run(options, progress).outcomes()
        : SyncSteps.run(options, progress).outcomes();
    List<SyncResult.TargetResult> results = outcomes.stream().map(SyncCommand::result).toList();
    CreateResult backup = null;
    String backupError = null;
    if (backupTo != null && !backupTo.isBlank() && outcomes.stream()
        .anyMatch(o -> o.status() == TargetOutcome.Status.POLICY)) {
      progress.warn("no backup archive was written: the source's content breaks the content policy");
    } else if (backupTo != null && !backupTo.isBlank()) {
      try {
        backup = backup(source, options);
      } catch (ArchiverException e) {
        backupError = e.getMessage();
        progress.warn("the backup archive could not be written: " + e.getMessage());
      }
    }
    return new SyncResult(options.source().display(), results, backup, backupError, bidirectional, dryRun);
  }

  /** create, as {@code --since-last}: full the first time, incremental on the previous backup after that. */
  private CreateResult backup(String source, SyncOptions options) throws ArchiverException {
    CreateArchiveCommand create = Archiver.create()
        .source(source)
        .output(backupTo)
        .cacheDir(options.cacheRoot())
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .lfs(lfs)
        .lfsOptions(lfsOptions)
        .dependencies(false)
        .sinceLast(true)
        .policy(policyFile)
        .dryRun(dryRun)
        .credentialsGivenFor(credentialsGivenFor())
        .credentialOrigins(credentialOrigins)
        .environment(env)
        .progress(progress);
    if (storeOptions != null) {
      create.storeOptions(storeOptions);
    }
    if (signKey != null) {
      create.signKey(signKey, passphrase);
    }
    return create.call();
  }

  private SyncOptions options(String source, List<String> targets, RemoteCreator creator) throws ArchiverException {
    if (targets.isEmpty()) {
      throw new InvalidRequestException("no target given (--target URL, repeatable)");
    }
    if (bidirectional && targets.size() != 1) {
      throw new InvalidRequestException("--bidirectional syncs exactly one --target with the source, not "
          + targets.size());
    }
    GitRemote sourceRemote = GitRemote.parse(source);
    List<SyncTarget> syncTargets = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (String location : targets) {
      GitRemote remote = GitRemote.parse(location);
      if (seen.put(remote.display(), location) != null || remote.display().equals(sourceRemote.display())) {
        throw new InvalidRequestException("target " + remote.display() + " is given twice, or is the source");
      }
      RemoteAccess access = RemoteAccess.of(remote, env, "TARGET_",
          CredentialScopes.target(location, targetLfsUrls.get(location)), progress);
      syncTargets.add(new SyncTarget(access, new TargetRepository(access, progress, creator),
          LfsTarget.of(access, targetLfsUrls.get(location), lfsOptions.transfers())));
    }
    for (String key : targetLfsUrls.keySet()) {
      if (!targets.contains(key)) {
        throw new InvalidRequestException("--target-lfs-url names " + Redaction.url(key)
            + ", which is not one of the --target values");
      }
    }
    return SyncOptions.builder()
        .source(sourceRemote)
        .targets(syncTargets)
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .cacheRoot(cacheDir != null ? cacheDir : Defaults.cacheDir(env))
        .lfs(lfs)
        .lfsOptions(lfsOptions)
        .conflictPolicy(conflictPolicy)
        .prune(prune)
        .bidirectional(bidirectional)
        .env(env)
        .dryRun(dryRun)
        .policy(policyFile == null ? null : PolicyFile.load(policyFile))
        .credentialScope(CredentialScopes.source(source, credentialsGivenFor(), lfsOptions.url(), credentialOrigins))
        .build();
  }

  /** A discovered repository's source credentials were given for the forge's API, not its clone URL. */
  private List<String> credentialsGivenFor() {
    return discovery == null ? List.of() : discovery.credentialOrigins();
  }

  private static SyncResult.TargetResult result(TargetOutcome outcome) {
    return new SyncResult.TargetResult(outcome.target(), SyncResult.Status.valueOf(outcome.status().name()),
        outcome.actions(), outcome.error(), outcome.commits(), outcome.findings());
  }
}
