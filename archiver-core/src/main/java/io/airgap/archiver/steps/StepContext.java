package io.airgap.archiver.steps;

/** What a step list runs on: besides its own data, whether an earlier step already finished the operation. */
public interface StepContext {
  /** Whether the operation is complete (e.g. nothing changed) and the remaining steps are skipped. */
  boolean finished();

  /** Whether this is a dry run: steps that write describe themselves instead. */
  boolean dryRun();
}
