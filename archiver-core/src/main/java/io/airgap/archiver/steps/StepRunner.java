package io.airgap.archiver.steps;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Duration;
import java.util.List;

/**
 * Runs a list of steps over one context: numbers them from the list (so the count can never be
 * wrong), reports each start and end, and in a dry run has every writing step describe itself.
 */
public final class StepRunner<C extends StepContext> {
  private final List<Step<C>> steps;
  private final ProgressListener progress;

  public StepRunner(List<Step<C>> steps, ProgressListener progress) {
    this.steps = List.copyOf(steps);
    this.progress = progress;
  }

  /** Runs the enabled steps in order until one finishes the operation. */
  public C run(C context) throws ArchiverException {
    List<Step<C>> active = steps.stream().filter(s -> s.enabled(context)).toList();
    int index = 0;
    for (Step<C> step : active) {
      if (context.finished()) {
        break;
      }
      index++;
      String title = (context.dryRun() && step.writes() ? "Dry run: " : "") + step.title(context);
      progress.onEvent(new ProgressEvent.StepStarted(index, active.size(), title));
      long start = System.nanoTime();
      if (context.dryRun() && step.writes()) {
        step.describe(context);
      } else {
        step.run(context);
      }
      progress.onEvent(new ProgressEvent.StepFinished(index, active.size(), title,
          Duration.ofNanos(System.nanoTime() - start)));
    }
    return context;
  }
}
