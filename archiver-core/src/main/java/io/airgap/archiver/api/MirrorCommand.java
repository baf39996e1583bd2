package io.airgap.archiver.api;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.CommitCounter;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.mirror.MirrorActions;
import io.airgap.archiver.mirror.MirrorFile;
import io.airgap.archiver.mirror.MirrorScheduler;
import io.airgap.archiver.mirror.MirrorSpec;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Scheduled mirroring: reads a mirror file and gives the scheduler that runs it, each mirror
 * being a {@code sync} (and its backup through {@code create}); retention goes through
 * {@code prune}. Single use.
 */
public final class MirrorCommand {
  private Path config;
  private Path cacheDir;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;
  private Function<String, ProgressListener> progressPerMirror;
  private Clock clock = Clock.systemUTC();

  MirrorCommand() {}

  public MirrorCommand config(Path file) { this.config = file; return this; }
  public MirrorCommand cacheDir(Path dir) { this.cacheDir = dir; return this; }
  public MirrorCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public MirrorCommand progress(ProgressListener listener) { this.progress = listener; return this; }
  /** A listener per mirror (by name), e.g. one that prefixes its lines, for runs of several mirrors; default: {@link #progress}. */
  public MirrorCommand progressPerMirror(Function<String, ProgressListener> factory) { this.progressPerMirror = factory; return this; }
  /** The clock intervals are measured with (tests may pass a fixed one). */
  public MirrorCommand clock(Clock value) { this.clock = value; return this; }

  /** The scheduler for the mirror file; the caller runs it ({@code runOnce}, {@code serve}) and closes it. */
  public MirrorScheduler scheduler() throws ArchiverException {
    if (config == null) {
      throw new io.airgap.archiver.base.InvalidRequestException("no mirror file given (--config FILE)");
    }
    Path cache = cacheDir != null ? cacheDir : Defaults.cacheDir(env);
    MirrorFile file = MirrorFile.load(config, env, cache.resolve("mirrors"));
    ProgressListener all = progress;
    return new MirrorScheduler(file, new Actions(cache), progress,
        progressPerMirror != null ? progressPerMirror : name -> all, clock);
  }

  /** A mirror's sync is {@code archiver sync}; a backup-only mirror is {@code create --since-last}. */
  private final class Actions implements MirrorActions {
    private final Path cache;

    Actions(Path cache) {
      this.cache = cache;
    }

    @Override
    public SyncReport sync(MirrorSpec spec, String source, ProgressListener listener) throws ArchiverException {
      char[] passphrase = env.getOrDefault("ARCHIVER_KEY_PASSPHRASE", "").toCharArray();
      if (spec.targets().isEmpty()) {
        CreateArchiveCommand create = Archiver.create().source(source).name(spec.name()).output(spec.backups().get(0))
            .cacheDir(cache).includeRefs(spec.includeRefs()).excludeRefs(spec.excludeRefs()).dependencies(false)
            .sinceLast(true).lfs(spec.lfs()).lfsOptions(lfsOptions(spec, source)).policy(spec.policy())
            .environment(env).progress(listener);
        if (spec.signKey() != null) {
          create.signKey(Path.of(spec.signKey()), passphrase);
        }
        CreateResult created = create.call();
        long refs = created.manifest() == null ? 0 : created.manifest().refs().size();
        return new SyncReport(0, created.unchanged() ? 0 : refs, List.of(), null, false);
      }
      SyncCommand sync = Archiver.sync().source(source).targets(spec.targets()).cacheDir(cache)
          .includeRefs(spec.includeRefs()).excludeRefs(spec.excludeRefs())
          .onConflict(ConflictPolicy.valueOf(spec.onConflict().toUpperCase(Locale.ROOT).replace('-', '_')))
          .prune(spec.prune()).bidirectional(spec.bidirectional()).lfs(spec.lfs()).lfsOptions(lfsOptions(spec, source))
          .targetLfsUrls(spec.targetLfsUrls()).policy(spec.policy()).environment(env).progress(listener);
      if (!spec.backups().isEmpty()) {
        sync.backupTo(spec.backups().get(0));
      }
      if (spec.signKey() != null) {
        sync.signKey(Path.of(spec.signKey()), passphrase);
      }
      SyncResult result = sync.call();
      List<String> failed = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      List<RefChange> brought = null;
      boolean policy = false;
      for (SyncResult.TargetResult target : result.targets()) {
        if (target.status() == SyncResult.Status.OK) {
          brought = brought == null ? target.changes() : brought;
        } else if (target.status() == SyncResult.Status.POLICY) {
          policy = true; // as sync --policy's exit 5: this target was left untouched
          failed.add(target.target());
          errors.add(Redaction.url(target.target()) + ": the content policy refused what would be pushed, nothing was"
              + " pushed (" + target.findings().size() + " finding(s): "
              + String.join("; ", target.findings().subList(0, Math.min(5, target.findings().size()))) + ")");
        } else {
          failed.add(target.target());
          errors.add(Redaction.url(target.target()) + ": " + (target.error() != null ? target.error()
              : target.status().name().toLowerCase(Locale.ROOT)));
        }
      }
      if (result.backupError() != null) {
        failed.add(spec.backups().get(0));
        errors.add("backup: " + result.backupError());
      }
      List<RefChange> changes = brought == null ? List.of() : brought;
      long branches = changes.stream().filter(c -> c.kind().pushes() && c.ref().startsWith("refs/heads/")).count();
      Path sourceCache = new SourceMirror(cache, listener).cacheDirFor(GitRemote.parse(source));
      return new SyncReport(CommitCounter.count(sourceCache, changes), branches, failed,
          errors.isEmpty() ? null : String.join("; ", errors), policy);
    }

    /** The source's LFS server: the one the mirror file names for this source, else derived from its URL. */
    private LfsOptions lfsOptions(MirrorSpec spec, String source) {
      LfsOptions d = LfsOptions.DEFAULT;
      return new LfsOptions(d.scope(), spec.lfsUrls().get(source), d.allowMissing(), d.transfers());
    }

    @Override
    public void prune(String location, int keepChains, ProgressListener listener) throws ArchiverException {
      Archiver.transfer().environment(env).progress(listener).prune(location, keepChains, false);
    }
  }
}
