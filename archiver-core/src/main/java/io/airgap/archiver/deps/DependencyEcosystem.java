package io.airgap.archiver.deps;

import io.airgap.archiver.internal.ChecksumMismatchException;
import java.io.IOException;
import java.util.List;

/**
 * One package ecosystem: finds the files that pin its dependencies in a source tree, and fetches
 * every pinned artifact, checked against its checksum, into the shared cache.
 */
public interface DependencyEcosystem {
  /** The folder under {@code dependencies/} and the manifest's {@code ecosystem} value. */
  String id();

  /** The files of {@code tree} this ecosystem reads; empty when the tree does not use it. */
  List<DetectedManifest> detect(SourceTree tree) throws IOException;

  /**
   * Fetches what the detected files pin. Artifacts that cannot be fetched are returned as missing;
   * a checksum mismatch is never tolerated and throws.
   */
  Fetched fetch(List<DetectedManifest> detected) throws ChecksumMismatchException, IOException;
}
