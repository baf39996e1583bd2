/**
 * Publishing an archive's vendored dependencies to the internal registries every developer in the
 * zone builds from: the {@link io.airgap.archiver.publish.RegistryPublisher} interface, the targets
 * and their credentials, the HTTP client every publisher shares, the per-file outcomes, and one
 * sub-package per ecosystem ({@code maven}, {@code npm}, {@code go}) that do not import each other. May import
 * {@code internal} and every layer below it.
 */
package io.airgap.archiver.publish;
