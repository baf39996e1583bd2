package io.airgap.archiver.mirror;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The mirror API's workers: a bounded pool in which each exchange — reading the request line,
 * headers and body, and answering — has a deadline; past it, the worker is interrupted, which
 * closes the connection (the JDK server reads and writes through a blocking {@code SocketChannel},
 * an interruptible channel). The JDK server reads a request's headers on the worker, so without a
 * deadline a client that sends half a request and stalls holds a worker for good. Its own
 * {@code sun.net.httpserver.maxReqTime} cannot serve here: it is read once per JVM into a static
 * field, for every server in the process, and only if set before the first one starts. A full pool
 * and queue turn further connections away (the server closes them) rather than queue without end.
 */
final class ExchangeDeadlines implements Executor, AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor alarms;
  private final long deadlineMillis;

  ExchangeDeadlines(int threads, int queue, Duration deadline) {
    this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        daemon("mirror-http"));
    this.workers.allowCoreThreadTimeOut(true);
    this.alarms = new ScheduledThreadPoolExecutor(1, daemon("mirror-http-deadline"));
    this.alarms.setRemoveOnCancelPolicy(true);
    this.deadlineMillis = deadline.toMillis();
  }

  @Override
  public void execute(Runnable exchange) {
    workers.execute(() -> runWithin(exchange));
  }

  private void runWithin(Runnable exchange) {
    Alarm alarm = new Alarm(Thread.currentThread());
    ScheduledFuture<?> due = alarms.schedule(alarm::ring, deadlineMillis, TimeUnit.MILLISECONDS);
    try {
      exchange.run();
    } finally {
      due.cancel(false);
      alarm.silence();
      Thread.interrupted(); // a late alarm must not reach the worker's next exchange
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    alarms.shutdownNow();
  }

  /** Interrupts one worker while, and only while, it runs the exchange the alarm was set for. */
  private static final class Alarm {
    private final Thread worker;
    private boolean running = true;

    Alarm(Thread worker) {
      this.worker = worker;
    }

    synchronized void ring() {
      if (running) {
        worker.interrupt();
      }
    }

    synchronized void silence() {
      running = false;
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
