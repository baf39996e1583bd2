package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of one mirror: takes the mirror's lock (so no two runs of it overlap, in any process),
 * syncs from the primary source — or, after {@code failover-after} consecutive failures to read
 * it, from the first fallback that answers — applies retention to its backups, records the status
 * and sends notifications.
 */
final class MirrorRun {
  private final MirrorSpec spec;
  private final MirrorActions actions;
  private final MirrorStateStore store;
  private final Notifier notifier;
  private final ProgressListener progress;
  private final Clock clock;

  MirrorRun(MirrorSpec spec, MirrorActions actions, MirrorStateStore store, Notifier notifier,
      ProgressListener progress, Clock clock) {
    this.spec = spec;
    this.actions = actions;
    this.store = store;
    this.notifier = notifier;
    this.progress = progress;
    this.clock = clock;
  }

  /** Runs the mirror if it is due (or {@code force}); returns its status afterwards. */
  MirrorStatus run(boolean force) throws ArchiverException {
    try (ExclusiveLock lock = ExclusiveLock.acquire(store.lockFile(spec.name()), "mirror '" + spec.name() + "'",
        progress)) {
      MirrorStatus before = store.load(spec);
      Instant started = clock.instant();
      if (!force && !before.dueAt(started, spec.interval())) {
        progress.info("mirror '" + spec.name() + "' is not due (another run finished it at " + before.lastAttempt()
            + "); skipping");
        return before;
      }
      store.save(before.running(started, spec.interval()));
      MirrorStatus after = attempt(before, started);
      store.save(after);
      report(before, after);
      return after;
    }
  }

  private MirrorStatus attempt(MirrorStatus before, Instant started) {
    long t0 = System.nanoTime();
    int primaryFailures = before.primaryFailures();
    String source = spec.source();
    MirrorActions.SyncReport report = null;
    ArchiverException error = null;
    try {
      report = actions.sync(spec, spec.source(), progress);
      if (MirrorStatus.FAILED_OVER.equals(before.state())) {
        progress.info("mirror '" + spec.name() + "': the primary source answers again; syncing from it");
      }
      primaryFailures = 0;
    } catch (PolicyViolationException e) {
      error = e; // the source answered and its content was refused: a fallback mirrors the same content
    } catch (ArchiverException e) {
      error = e;
      primaryFailures++;
      if (primaryFailures >= spec.failoverAfter()) {
        for (String fallback : spec.fallbackSources()) {
          progress.warn("mirror '" + spec.name() + "': the primary source failed " + primaryFailures
              + " time(s) in a row; trying the fallback " + Redaction.url(fallback));
          try {
            report = actions.sync(spec, fallback, progress);
            source = fallback;
            error = null;
            break;
          } catch (ArchiverException fallbackError) {
            error = fallbackError;
          }
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (error != null) {
      return before.failed(started, took, source, primaryFailures, error.getMessage(), error.getClass().getSimpleName(),
          spec.interval());
    }
    if (!report.ok()) {
      return before.failed(started, took, source, primaryFailures, report.error(),
          report.policyViolated() ? PolicyViolationException.class.getSimpleName() : "TargetFailed", spec.interval());
    }
    retention();
    return before.succeeded(started, took, source, !source.equals(spec.source()), primaryFailures,
        report.commitsSynced(), report.branchesSynced(), spec.interval());
  }

  /** Old backup chains go once a new backup exists; a failure here is reported, not fatal. */
  private void retention() {
    if (spec.keepChains() == null) {
      return;
    }
    for (String location : spec.backups()) {
      try {
        actions.prune(location, spec.keepChains(), progress);
      } catch (ArchiverException e) {
        progress.warn("mirror '" + spec.name() + "': retention at " + Redaction.url(location) + " failed: "
            + e.getMessage());
      }
    }
  }

  private void report(MirrorStatus before, MirrorStatus after) {
    Map<String, Number> counts = new LinkedHashMap<>();
    counts.put("commits_synced", after.commitsSynced());
    counts.put("branches_synced", after.branchesSynced());
    counts.put("consecutive_failures", after.consecutiveFailures());
    boolean ok = after.healthy();
    progress.onEvent(new ProgressEvent.RepositoryFinished(spec.displaySource(), spec.name(), ok ? "success" : "failed",
        Duration.ofMillis((long) (after.lastDurationSeconds() * 1000)), counts, ok ? null : after.errorType(),
        ok ? null : after.lastError()));
    if (!ok) {
      notifier.send(Notifications.Event.FAILURE, spec, after);
    } else {
      if (before.consecutiveFailures() > 0) {
        notifier.send(Notifications.Event.RECOVERY, spec, after);
      }
      notifier.send(Notifications.Event.SUCCESS, spec, after);
    }
  }
}
