package io.airgap.archiver.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveLimitsTest {
  @Test
  void defaults_areOneTebibyteAndRatio100() throws Exception {
    assertEquals(ArchiveLimits.DEFAULT, ArchiveLimits.fromEnvironment(Map.of()));
    assertEquals(1L << 40, ArchiveLimits.DEFAULT.maxBytes());
  }

  @Test
  void environment_setsCeilingAndRatio() throws Exception {
    ArchiveLimits limits = ArchiveLimits.fromEnvironment(
        Map.of(ArchiveLimits.MAX_EXPANSION, "2T", ArchiveLimits.MAX_EXPANSION_RATIO, "0"));
    assertEquals(2L << 40, limits.maxBytes());
    assertEquals(0, limits.maxRatio());
  }

  @Test
  void invalidEnvironment_isAUsageError() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> ArchiveLimits.fromEnvironment(Map.of(ArchiveLimits.MAX_EXPANSION_RATIO, "lots")));
    assertTrue(e.getMessage().contains(ArchiveLimits.MAX_EXPANSION_RATIO), e.getMessage());
    assertThrows(InvalidRequestException.class,
        () -> ArchiveLimits.fromEnvironment(Map.of(ArchiveLimits.MAX_EXPANSION, "-1")));
  }

  @Test
  void ratio_appliesOnlyPastTheFloor() {
    ArchiveLimits limits = new ArchiveLimits(1L << 40, 100, 64L << 20);
    assertNull(limits.problem(60L << 20, 1000), "small archives may expand a lot");
    assertNotNull(limits.problem(65L << 20, 100_000), "a bomb past the floor");
    assertNull(limits.problem(65L << 20, 1L << 20), "genuine archives expand a few times");
    assertNotNull(limits.problem((1L << 40) + 1, 1L << 40), "never past the ceiling");
  }
}
