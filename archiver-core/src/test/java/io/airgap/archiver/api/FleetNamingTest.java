package io.airgap.archiver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.forge.ForgePaths;
import io.airgap.archiver.forge.PathGlob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How fleets name things: template placeholders, forge paths from clone URLs, path globs. */
class FleetNamingTest {
  @Test
  void template_fillsPathNameAndGroup_andDropsTheSeparatorOfAnEmptyGroup() throws Exception {
    TargetTemplate t = TargetTemplate.parse("https://git.internal/{group}/{name}.git");
    assertEquals("https://git.internal/backend/sub/worker.git", t.render("backend/sub/worker"));
    assertEquals("https://git.internal/tool.git", t.render("tool"));
    assertEquals("https://g/m/backend-worker.git", TargetTemplate.parse("https://g/m/{group}-{name}.git").render("backend/worker"));
    assertEquals("https://g/m/tool.git", TargetTemplate.parse("https://g/m/{group}-{name}.git").render("tool"));
    assertEquals("https://g/x/a/b.git", TargetTemplate.parse("https://g/x/{path}.git").render("a/b"));
  }

  @Test
  void template_withUnknownOrNoPlaceholder_isAUsageError() {
    assertTrue(assertThrows(InvalidRequestException.class, () -> TargetTemplate.parse("https://g/{repo}.git"))
        .getMessage().contains("{repo}"));
    assertThrows(InvalidRequestException.class, () -> TargetTemplate.parse("https://g/fixed.git"));
  }

  @Test
  void cloneUrls_giveForgePaths() {
    assertEquals("shared/lib", ForgePaths.fromCloneUrl("https://gitlab.example.com/shared/lib.git"));
    assertEquals("shared/lib", ForgePaths.fromCloneUrl("git@gitlab.example.com:shared/lib.git"));
    assertEquals("PROJ/lib", ForgePaths.fromCloneUrl("https://bitbucket.example.com/scm/PROJ/lib.git"));
    assertEquals("srv/git/lib", ForgePaths.fromCloneUrl("file:///srv/git/lib"));
  }

  @Test
  void globs_starStaysInASegment_doubleStarCrosses() {
    assertTrue(PathGlob.of("backend/*").matches("backend/api"));
    assertFalse(PathGlob.of("backend/*").matches("backend/sub/worker"));
    assertTrue(PathGlob.of("backend/**").matches("backend/sub/worker"));
    assertTrue(PathGlob.selected("a/b", List.of(), List.of()));
    assertFalse(PathGlob.selected("a/b", List.of("a/**"), List.of("a/b")));
  }
}
