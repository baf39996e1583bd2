package io.airgap.archiver.archfixture.clean.api;

import io.airgap.archiver.archfixture.clean.base.Lower;

/** Fixture: the top layer importing the bottom one, as layers allow. */
public final class Upper {
  public String name() {
    return new Lower().name();
  }
}
