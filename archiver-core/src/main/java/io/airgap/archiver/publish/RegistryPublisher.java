package io.airgap.archiver.publish;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * Publishes one ecosystem's vendored dependencies (an archive's {@code dependencies/<folder>/}, in
 * that ecosystem's native offline layout) to an internal registry. Every implementation keeps the
 * same contract: a file or version the registry already holds with the same checksum is
 * {@code ALREADY_PRESENT} and not written again; one it holds with other content is a
 * {@code CONFLICT} and is never overwritten; a version is written whole or not at all (its files
 * {@code HELD_BACK} when one of them conflicts); what clients read to find a version (checksums,
 * metadata, the registry's own publish) comes last, so an interrupted run leaves nothing half
 * visible and a re-run finishes the job. A dry run only reads the registry.
 */
public interface RegistryPublisher {
  /** The key before {@code =} in {@code --publish-deps}: {@code maven}, {@code npm}. */
  String ecosystem();

  /** The folder under the archive's {@code dependencies/} this publisher reads. */
  default String folder() {
    return ecosystem();
  }

  /**
   * Publishes every file under {@code dir} through {@code registry}; failures the registry or the
   * network cause (after retries) are thrown, conflicts are reported, not thrown.
   */
  List<PublishedFile> publish(Path dir, RegistryClient registry, boolean dryRun, ProgressListener progress)
      throws ArchiverException;
}
