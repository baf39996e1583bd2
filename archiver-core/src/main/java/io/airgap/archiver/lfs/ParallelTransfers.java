package io.airgap.archiver.lfs;

import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one transfer per LFS object on a bounded number of threads, each retried when the failure
 * is transient, and gathers every failure by oid so the operator sees them all at once.
 */
final class ParallelTransfers {
  /** One object's transfer. */
  @FunctionalInterface
  interface Transfer {
    void run(PointerFile object) throws Exception;
  }

  private final int threads;
  private final Retry retry;
  private final ProgressListener progress;

  ParallelTransfers(int threads, Retry retry, ProgressListener progress) {
    this.threads = Math.max(1, threads);
    this.retry = retry;
    this.progress = progress;
  }

  /** Runs every transfer; returns the failures by oid (empty when all succeeded). */
  Map<String, Exception> run(String task, Collection<PointerFile> objects, Transfer transfer)
      throws InterruptedException {
    Map<String, Exception> failures = new TreeMap<>();
    if (objects.isEmpty()) {
      return failures;
    }
    long total = objects.stream().mapToLong(PointerFile::size).sum();
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, objects.size()), r -> {
      Thread t = new Thread(r, "lfs-transfer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      List<PointerFile> order = new ArrayList<>(objects);
      for (PointerFile object : order) {
        futures.add(pool.submit(() -> {
          retry.run(task + " " + object.oid(), LfsHttpException::isRetryable, progress, () -> {
            transfer.run(object);
            return null;
          });
          progress.onEvent(new ProgressEvent.Progress(task, done.addAndGet(object.size()), total,
              ProgressEvent.Unit.BYTES));
          return null;
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          failures.put(order.get(i).oid(), cause instanceof Exception ex ? ex : new RuntimeException(cause));
        }
      }
      return failures;
    } finally {
      pool.shutdownNow();
    }
  }
}
