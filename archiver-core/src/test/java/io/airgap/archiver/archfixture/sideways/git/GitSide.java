package io.airgap.archiver.archfixture.sideways.git;

import io.airgap.archiver.archfixture.sideways.storage.StorageSide;

/** Fixture: git importing storage, its neighbour on the same layer, which the layer rule must report. */
public final class GitSide {
  public int size() {
    return new StorageSide().size();
  }
}
