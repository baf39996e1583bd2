package io.airgap.archiver.archfixture.sideways.storage;

/** Fixture: the neighbour {@code GitSide} must not import. */
public final class StorageSide {
  public int size() {
    return 1;
  }
}
