/**
 * Where archives are kept: the {@link io.airgap.archiver.storage.ArchiveStore} interface chosen by
 * URI scheme, split parts and their index, and verifying streams; implementations in
 * {@code storage.local} and {@code storage.s3}, which do not import each other. May import
 * {@code internal}, {@code progress} and {@code base}; not {@code signing} or {@code git}.
 */
package io.airgap.archiver.storage;
