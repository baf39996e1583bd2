/**
 * Git through JGit: fetching the source into a cache (and repacking it with bitmaps), writing and
 * reading bundles, unbundling into a workspace, pushing and comparing refs, JGit tuning (cache
 * sizes, the SHA-1 implementation for signed bundles) and translating JGit's failures. May import
 * {@code internal}, {@code progress} and {@code base}; not {@code signing} or {@code storage}.
 */
package io.airgap.archiver.git;
