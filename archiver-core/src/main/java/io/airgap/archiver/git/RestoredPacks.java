package io.airgap.archiver.git;

import java.nio.file.Path;
import java.util.List;

/**
 * The packs a restore's bundles became in the workspace, in the order they were applied, and
 * whether they alone hold everything (the workspace was empty before them); {@code wholePack}, when
 * not null, is the one pack, proven to hold exactly what the workspace's refs reach.
 */
public record RestoredPacks(List<Path> packs, boolean selfContained, Path wholePack) {
  public RestoredPacks {
    packs = List.copyOf(packs);
  }

  /** Packs none of which is known to hold exactly what the workspace's refs reach. */
  public RestoredPacks(List<Path> packs, boolean selfContained) {
    this(packs, selfContained, null);
  }
}
