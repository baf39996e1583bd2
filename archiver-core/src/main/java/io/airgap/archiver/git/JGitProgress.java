package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Duration;
import org.eclipse.jgit.lib.ProgressMonitor;

/** Forwards JGit's task progress to a {@link ProgressListener}, at most a few times a second. */
public final class JGitProgress implements ProgressMonitor {
  private static final long INTERVAL_NANOS = 200_000_000L;

  private final ProgressListener listener;
  private String task = "";
  private long total;
  private long done;
  private long lastReport;

  public JGitProgress(ProgressListener listener) {
    this.listener = listener;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    total = totalWork == UNKNOWN ? -1 : totalWork;
    done = 0;
    report(true);
  }

  @Override
  public void update(int completed) {
    done += completed;
    report(false);
  }

  @Override
  public void endTask() {
    if (total >= 0) {
      done = total;
    }
    report(true);
  }

  @Override
  public boolean isCancelled() {
    return Thread.currentThread().isInterrupted();
  }

  @Override
  public void showDuration(boolean enabled) {}

  private void report(boolean force) {
    long now = System.nanoTime();
    if (force || now - lastReport >= INTERVAL_NANOS) {
      lastReport = now;
      listener.onEvent(new ProgressEvent.Progress(task, done, total, ProgressEvent.Unit.ITEMS));
    }
  }

  static Duration interval() {
    return Duration.ofNanos(INTERVAL_NANOS);
  }
}
