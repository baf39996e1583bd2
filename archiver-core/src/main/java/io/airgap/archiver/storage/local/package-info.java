/**
 * The local-disk {@link io.airgap.archiver.storage.ArchiveStore}: atomic, verified writes into a
 * folder. May import {@code storage} and what {@code storage} may; not {@code storage.s3}.
 */
package io.airgap.archiver.storage.local;
