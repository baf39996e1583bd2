package io.airgap.archiver.progress;

import java.time.Duration;

/** The events core reports: steps of an operation, amounts of work done, and messages. */
public sealed interface ProgressEvent {

  /** Severity of a {@link Message}. */
  enum Level {
    DEBUG,
    INFO,
    WARN
  }

  /** Step {@code index} of {@code total} began. */
  record StepStarted(int index, int total, String title) implements ProgressEvent {}

  /** A step ended after {@code elapsed}. */
  record StepFinished(int index, int total, String title, Duration elapsed) implements ProgressEvent {}

  /** Work inside the current step: {@code done} of {@code total} units ({@code total} is -1 when unknown). */
  record Progress(String task, long done, long total, Unit unit) implements ProgressEvent {}

  /**
   * One repository of a multi-repository run (a mirror, a batch) finished: its outcome, how long it
   * took, and its counts ({@code commits_synced}, {@code branches_synced}, …); {@code errorType} and
   * {@code error} only when it failed. {@code repository} is its location, shown redacted;
   * {@code mirror} the name of the mirror it is, or null.
   */
  record RepositoryFinished(String repository, String mirror, String status, Duration elapsed,
      java.util.Map<String, Number> counts, String errorType, String error) implements ProgressEvent {
    public RepositoryFinished {
      counts = java.util.Map.copyOf(counts);
    }
  }

  /** A line of information for the operator. */
  record Message(Level level, String text) implements ProgressEvent {}

  /** What a {@link Progress} counts. */
  enum Unit {
    BYTES,
    ITEMS
  }
}
