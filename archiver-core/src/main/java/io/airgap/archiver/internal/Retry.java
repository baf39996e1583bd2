package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Retries work that is safe to repeat, with exponential backoff and jitter, saying so each time. */
public final class Retry {
  /** A unit of work that may fail. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  private final int attempts;
  private final long firstDelayMillis;

  public Retry(int attempts, long firstDelayMillis) {
    this.attempts = attempts;
    this.firstDelayMillis = firstDelayMillis;
  }

  public static Retry standard() {
    return new Retry(3, 1000);
  }

  public <T> T run(String what, Predicate<Exception> retryable, ProgressListener progress, Work<T> work)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (Exception e) {
        if (attempt >= attempts || !retryable.test(e)) {
          throw e;
        }
        long delay = firstDelayMillis * (1L << (attempt - 1));
        delay += ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        progress.warn(what + " failed (" + Causes.messages(e, 300) + "); retry " + attempt + "/" + (attempts - 1)
            + " after " + delay + " ms");
        Thread.sleep(delay);
      }
    }
  }
}
