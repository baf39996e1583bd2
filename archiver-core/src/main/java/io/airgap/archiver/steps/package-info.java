/**
 * Operations as lists of steps over one context: {@link io.airgap.archiver.steps.Step} and the
 * {@link io.airgap.archiver.steps.StepRunner} that numbers, times and dry-runs them. Imports only
 * {@code base} and {@code progress}; {@code create}, {@code restore} (and later {@code sync}) build
 * their step lists on it.
 */
package io.airgap.archiver.steps;
