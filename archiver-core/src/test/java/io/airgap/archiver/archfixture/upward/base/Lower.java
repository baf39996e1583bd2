package io.airgap.archiver.archfixture.upward.base;

import io.airgap.archiver.archfixture.upward.api.Upper;

/** Fixture: a bottom-layer class that imports the top layer, which the layer rule must report. */
public final class Lower {
  public String name() {
    return new Upper().name();
  }
}
