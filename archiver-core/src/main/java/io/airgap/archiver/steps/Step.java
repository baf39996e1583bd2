package io.airgap.archiver.steps;

import io.airgap.archiver.base.ArchiverException;

/**
 * One unit of an operation, working on the operation's shared context. A step that writes
 * somewhere the user cares about (a cache, an output folder, a target server) says so with
 * {@link #writes()}; a dry run then calls {@link #describe} instead of {@link #run}, so the dry
 * run walks exactly the steps, checks and decisions of the real run.
 *
 * @param <C> the operation's context: its inputs and what earlier steps produced
 */
public interface Step<C> {
  /** The title shown when the step starts. */
  String title(C context);

  /** Whether this step takes part in the run at all (an option turned it off). Read before the first step runs. */
  default boolean enabled(C context) {
    return true;
  }

  /** Whether running the step changes anything outside the run's own scratch space. */
  default boolean writes() {
    return false;
  }

  void run(C context) throws ArchiverException;

  /** For a step that {@link #writes()}, in a dry run: reports what {@link #run} would do, changing nothing. */
  default void describe(C context) throws ArchiverException {}
}
