/**
 * Vendoring third-party dependencies: the {@link io.airgap.archiver.deps.DependencyEcosystem}
 * interface, the shared downloader and registry settings, and one sub-package per ecosystem
 * ({@code maven}, {@code npm}, {@code python}, {@code go}) that do not import each other. May import
 * {@code archive} and every layer below it; not {@code lfs}.
 */
package io.airgap.archiver.deps;
