package io.airgap.archiver.archfixture.upward.api;

import io.airgap.archiver.archfixture.upward.base.Lower;

/** Fixture: the top layer using the bottom one (allowed), which with {@link Lower}'s import closes a cycle. */
public final class Upper {
  public String name() {
    return "upper";
  }

  public Lower lower() {
    return new Lower();
  }
}
