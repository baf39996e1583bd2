package io.airgap.archiver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgePaths;
import io.airgap.archiver.forge.PathGlob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How fleets name things: template placeholders, forge paths from clone URLs, path globs. */
class FleetNamingTest {
  private static RepositoryPath path(String value) throws InvalidRequestException {
    return RepositoryPath.of("a test path", value, true);
  }

  @Test
  void template_fillsPathNameAndGroup_andDropsTheSeparatorOfAnEmptyGroup() throws Exception {
    TargetTemplate t = TargetTemplate.parse("https://git.internal/{group}/{name}.git");
    assertEquals("https://git.internal/backend/sub/worker.git", t.render(path("backend/sub/worker")));
    assertEquals("https://git.internal/tool.git", t.render(path("tool")));
    assertEquals("https://g/m/backend-worker.git", TargetTemplate.parse("https://g/m/{group}-{name}.git").render(path("backend/worker")));
    assertEquals("https://g/m/tool.git", TargetTemplate.parse("https://g/m/{group}-{name}.git").render(path("tool")));
    assertEquals("https://g/x/a/b.git", TargetTemplate.parse("https://g/x/{path}.git").render(path("a/b")));
  }

  @Test
  void template_withUnknownOrNoPlaceholder_isAUsageError() {
    assertTrue(assertThrows(InvalidRequestException.class, () -> TargetTemplate.parse("https://g/{repo}.git"))
        .getMessage().contains("{repo}"));
    assertThrows(InvalidRequestException.class, () -> TargetTemplate.parse("https://g/fixed.git"));
  }

  @Test
  void template_twoPathsOnOneTarget_evenDifferingOnlyInCase_isAUsageError() throws Exception {
    TargetTemplate t = TargetTemplate.parse("https://g/m/{name}.git");
    assertEquals(List.of("https://g/m/a.git", "https://g/m/b.git"),
        List.copyOf(t.targets(List.of(path("x/a"), path("x/b"))).values()));
    assertTrue(assertThrows(InvalidRequestException.class, () -> t.targets(List.of(path("x/tool"), path("y/tool"))))
        .getMessage().contains("x/tool and y/tool both map to https://g/m/tool.git"));
    assertThrows(InvalidRequestException.class, () -> t.targets(List.of(path("x/Tool"), path("x/tool"))));
  }

  @Test
  void targetUrl_forgePathIsThePathAsWritten_neverDecoded() throws Exception {
    assertEquals("mirror/app", ForgePaths.fromUrl(ForgeKind.GITEA, "https://g", "https://g/mirror/app.git").value());
    assertEquals("mirror/app", ForgePaths.fromUrl(ForgeKind.GITLAB, "https://g/gitlab/", "https://g/gitlab/mirror/app.git").value());
    assertEquals("PROJ/app", ForgePaths.fromUrl(ForgeKind.BITBUCKET, "https://g", "https://g/scm/PROJ/app.git").value());
    assertEquals("org/app", ForgePaths.fromUrl(ForgeKind.GITHUB, "https://g/api/v3", "https://g/org/app.git").value());
    for (String url : List.of("https://g/mirror/..%2F..%2Fx.git", "https://g/mirror/victim#.git",
        "https://g/mirror/victim?x=1.git", "https://g/mirror/a%2Fb.git", "https://g/mirror/../../x.git",
        "https://g/mirror/%2e%2e.git", "https://g/.git", "https://g/")) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> ForgePaths.fromUrl(ForgeKind.GITEA, "https://g", url), url);
      assertTrue(e.getMessage().contains("is not a forge path") || e.getMessage().contains("has a query or fragment"),
          e.getMessage());
    }
  }

  @Test
  void cloneUrls_giveForgePaths() {
    assertEquals("shared/lib", ForgePaths.fromCloneUrl("https://gitlab.example.com/shared/lib.git"));
    assertEquals("shared/lib", ForgePaths.fromCloneUrl("git@gitlab.example.com:shared/lib.git"));
    assertEquals("PROJ/lib", ForgePaths.fromCloneUrl("https://bitbucket.example.com/scm/PROJ/lib.git"));
    assertEquals("srv/git/lib", ForgePaths.fromCloneUrl("file:///srv/git/lib"));
    for (String hostile : List.of("https://h/-x/.git/..%2F/lib.git", "https://h/", "https://h/a/" + "b".repeat(300),
        "git@h:../../x", "https://h/a//-/.")) {
      assertEquals(null, RepositoryPath.problem(ForgePaths.fromCloneUrl(hostile), true), hostile);
    }
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
