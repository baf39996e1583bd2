package io.airgap.archiver.git;

import java.nio.file.Path;
import java.util.List;

/**
 * The packs a restore's bundles became in the workspace, in the order they were applied, and
 * whether they alone hold everything (the workspace was empty before them).
 */
public record RestoredPacks(List<Path> packs, boolean selfContained) {
  public RestoredPacks {
    packs = List.copyOf(packs);
  }
}
