/**
 * The archive format v1: deterministic tar.gz writing, the safe streaming reader and verifier,
 * layout and file names, limits, trust policy, and store locations that hold archives. May import
 * {@code manifest} and every layer below it.
 */
package io.airgap.archiver.archive;
