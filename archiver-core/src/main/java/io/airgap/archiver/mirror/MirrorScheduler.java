package io.airgap.archiver.mirror;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Runs the mirrors of a mirror file: once (what is due, or all — for cron and timers) or as a
 * service that runs each mirror when its interval has passed and whatever {@link #trigger} asks
 * for, with at most {@code parallel} syncs at a time and never two of one mirror. {@link #stop}
 * lets running syncs finish (or abandons them cleanly after the grace period).
 */
public final class MirrorScheduler implements AutoCloseable {
  private static final Duration MAX_NAP = Duration.ofSeconds(30);

  private final MirrorFile file;
  private final MirrorActions actions;
  private final MirrorStateStore store;
  private final Notifier notifier;
  private final ProgressListener progress;
  private final Function<String, ProgressListener> progressPerMirror;
  private final Clock clock;
  private final ExecutorService workers;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<String> wakeUps = new LinkedBlockingQueue<>();
  private volatile boolean stopping;

  /**
   * @param progressPerMirror a listener for one mirror (by name), used when a run covers more than
   *     one mirror so that their interleaved lines can be told apart
   */
  public MirrorScheduler(MirrorFile file, MirrorActions actions, ProgressListener progress,
      Function<String, ProgressListener> progressPerMirror, Clock clock) {
    this.file = file;
    this.actions = actions;
    this.store = new MirrorStateStore(file.stateDir());
    this.notifier = new Notifier(file.notifications(), progress);
    this.progress = progress;
    this.progressPerMirror = progressPerMirror;
    this.clock = clock;
    this.workers = Executors.newFixedThreadPool(file.parallel(), r -> new Thread(r, "mirror-sync"));
  }

  public MirrorFile file() {
    return file;
  }

  /** Every mirror's status as the state folder holds it, with when it is next due. */
  public List<MirrorStatus> statuses() throws ArchiverException {
    return MirrorStatuses.of(file, store);
  }

  /** Runs the due mirrors (every mirror with {@code all}) and waits for them; returns their statuses. */
  public List<MirrorStatus> runOnce(boolean all) throws ArchiverException {
    List<MirrorSpec> due = new ArrayList<>();
    for (MirrorSpec spec : file.mirrors()) {
      if (all || store.load(spec).dueAt(clock.instant(), spec.interval())) {
        due.add(spec);
      } else {
        progress.info("mirror '" + spec.name() + "' is not due yet");
      }
    }
    List<Future<MirrorStatus>> runs = new ArrayList<>();
    for (MirrorSpec spec : due) {
      runs.add(workers.submit(() -> runOne(spec, all, due.size() > 1)));
    }
    List<MirrorStatus> results = new ArrayList<>();
    for (Future<MirrorStatus> run : runs) {
      try {
        results.add(run.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ArchiverException a) {
          throw a;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return results;
  }

  /** Runs as a service until {@link #stop}: each mirror when due, and every {@link #trigger}. */
  public void serve() throws ArchiverException {
    progress.info("mirror service started: " + file.mirrors().size() + " mirror(s), " + file.parallel()
        + " at a time");
    while (!stopping) {
      Instant now = clock.instant();
      Instant next = now.plus(MAX_NAP);
      for (MirrorSpec spec : file.mirrors()) {
        MirrorStatus status = store.load(spec);
        if (status.dueAt(now, spec.interval())) {
          start(spec, false);
        } else {
          Instant due = Instant.parse(status.lastAttempt()).plus(spec.interval());
          next = due.isBefore(next) ? due : next;
        }
      }
      try {
        String asked = wakeUps.poll(Math.max(50, Duration.between(clock.instant(), next).toMillis()),
            TimeUnit.MILLISECONDS);
        if (asked != null && !stopping) {
          start(file.mirror(asked), true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Asks the service to run a mirror now; false when no mirror has that name. */
  public boolean trigger(String name) {
    if (file.mirror(name) == null) {
      return false;
    }
    wakeUps.add(name);
    return true;
  }

  /** Stops scheduling, lets running syncs finish for up to {@code grace}, then abandons them. */
  public void stop(Duration grace) {
    stopping = true;
    wakeUps.add("");
    workers.shutdown();
    try {
      if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        progress.warn("stopping: syncs still running after " + grace.toSeconds() + " s are abandoned: "
            + String.join(", ", running));
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start(MirrorSpec spec, boolean force) {
    if (spec == null || stopping || !running.add(spec.name())) {
      return; // already under way: never two runs of one mirror
    }
    try {
      workers.submit(() -> {
        try {
          return runOne(spec, force, file.mirrors().size() > 1);
        } catch (ArchiverException e) {
          progress.warn("mirror '" + spec.name() + "' could not run: " + e.getMessage());
          return null;
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      running.remove(spec.name());
    }
  }

  /** {@code shared}: other mirrors may run at the same time, so this one reports through its own listener. */
  private MirrorStatus runOne(MirrorSpec spec, boolean force, boolean shared) throws ArchiverException {
    running.add(spec.name());
    try {
      ProgressListener listener = shared ? progressPerMirror.apply(spec.name()) : progress;
      return new MirrorRun(spec, actions, store, notifier, listener, clock).run(force);
    } finally {
      running.remove(spec.name());
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(60));
    notifier.close();
  }
}
