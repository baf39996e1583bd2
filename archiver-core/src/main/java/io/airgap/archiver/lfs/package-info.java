/**
 * Git LFS: pointer scanning, the batch-API client, the local object store, collecting objects into
 * an archive and uploading them on restore. May import {@code archive} and every layer below it;
 * not {@code deps}, its neighbour.
 */
package io.airgap.archiver.lfs;
