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

  /** A line of information for the operator. */
  record Message(Level level, String text) implements ProgressEvent {}

  /** What a {@link Progress} counts. */
  enum Unit {
    BYTES,
    ITEMS
  }
}
