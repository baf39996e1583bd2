package io.airgap.archiver.progress;

/** Receives what core is doing; core never prints, the caller decides how to render. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = event -> {};

  void onEvent(ProgressEvent event);

  default void info(String message) {
    onEvent(new ProgressEvent.Message(ProgressEvent.Level.INFO, message));
  }

  default void warn(String message) {
    onEvent(new ProgressEvent.Message(ProgressEvent.Level.WARN, message));
  }

  default void debug(String message) {
    onEvent(new ProgressEvent.Message(ProgressEvent.Level.DEBUG, message));
  }
}
