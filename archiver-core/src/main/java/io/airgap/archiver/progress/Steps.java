package io.airgap.archiver.progress;

import java.time.Duration;

/** Numbers an operation's steps and reports when each starts and ends. */
public final class Steps {
  /** A step's work. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  private final ProgressListener listener;
  private final int total;
  private int index;

  public Steps(ProgressListener listener, int total) {
    this.listener = listener;
    this.total = total;
  }

  public <T, E extends Exception> T run(String title, Work<T, E> work) throws E {
    int current = ++index;
    listener.onEvent(new ProgressEvent.StepStarted(current, total, title));
    long start = System.nanoTime();
    T result = work.run();
    listener.onEvent(new ProgressEvent.StepFinished(current, total, title, Duration.ofNanos(System.nanoTime() - start)));
    return result;
  }
}
