package io.airgap.archiver.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What packages declare becomes the manifest's SPDX expression: names resolved, expressions kept, the rest a LicenseRef. */
class LicenseExpressionsTest {
  @Test
  void declaredNamesAndIds_becomeOneSpdxExpression() {
    assertEquals("Apache-2.0", Licenses.expression(List.of("The Apache Software License, Version 2.0")));
    assertEquals("MIT OR Apache-2.0", Licenses.expression(List.of("(MIT OR Apache-2.0)")));
    assertEquals("MIT OR EPL-2.0", Licenses.expression(List.of("MIT", "Eclipse Public License - v 2.0")));
    assertEquals("GPL-3.0-only", Licenses.expression(List.of("GPL-3.0")), "deprecated GNU ids made explicit");
    assertEquals("LicenseRef-Custom-Corp-License-v1", Licenses.expression(List.of("Custom Corp License v1")));
    assertEquals("MIT", Licenses.expression(List.of("MIT", " MIT")));
    assertNull(Licenses.expression(List.of()));
  }
}
