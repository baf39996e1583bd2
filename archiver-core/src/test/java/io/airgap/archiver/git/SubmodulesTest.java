package io.airgap.archiver.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Relative submodule URLs resolve against the superproject's URL as {@code git submodule} resolves them. */
class SubmodulesTest {
  @Test
  void relativeUrls_resolveAgainstTheSuperproject() {
    assertEquals("https://h/group/lib.git", Submodules.resolve("https://h/group/app.git", "../lib.git"));
    assertEquals("https://h/other/lib.git", Submodules.resolve("https://h/group/app.git", "../../other/lib.git"));
    assertEquals("https://h/group/app.git/sub", Submodules.resolve("https://h/group/app.git", "./sub"));
    assertEquals("https://x/abs.git", Submodules.resolve("https://h/group/app.git", "https://x/abs.git"));
  }
}
