package io.airgap.archiver.archfixture.clean.base;

/** Fixture: a bottom-layer class that imports nothing of the project. */
public final class Lower {
  public String name() {
    return "lower";
  }
}
