/**
 * The S3 {@link io.airgap.archiver.storage.ArchiveStore} (AWS and S3-compatible servers, through
 * the AWS SDK v2): verified uploads, resumable downloads, translated S3 errors. May import
 * {@code storage} and what {@code storage} may; not {@code storage.local}.
 */
package io.airgap.archiver.storage.s3;
