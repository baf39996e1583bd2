package io.airgap.archiver.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.HeaderRecorder;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The forge token goes to the API's origin only. The forges that page with absolute {@code Link}
 * URLs (GitHub, Gitea FIXTURES: their REST APIs written from the public documentation) answer with a
 * next page on another loopback port, a real listener that records what reaches it.
 */
class ForgeTokenOriginTest {
  private static final String TOKEN = "forge-origin-secret-5a1e";

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(value = ForgeKind.class, names = {"GITHUB", "GITEA"})
  void nextPageLinkOnAnotherOrigin_isRefused_andNothingReachesIt(ForgeKind kind) throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    try (HeaderRecorder elsewhere = HeaderRecorder.start();
        ForgeFixture f = ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN).maxPerPage(1)) {
      f.add("team/a", source, null, "private").add("team/b", source, null, "private");
      f.nextLinksAt(elsewhere.base());
      Forge forge = Forges.of(kind, f.apiUrl(), TOKEN, "SOURCE_TOKEN", ProgressListener.NONE);
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge.list("team"));
      assertTrue(e.getMessage().contains("next-page link to another origin (" + elsewhere.base() + ","), e.getMessage());
      assertFalse(e.getMessage().contains(TOKEN));
      assertEquals(List.of(), elsewhere.requests(), "no request, so no token, went to the other port");
    }
  }

  @Test
  void gitHubDotCom_servesGitOnGithubDotCom_othersOnTheApiOrigin() {
    assertEquals(List.of("https://api.github.com", "https://github.com"),
        Forges.gitOrigins(ForgeKind.GITHUB, "https://api.github.com"));
    assertEquals(List.of("https://ghes.example.com/api/v3"), Forges.gitOrigins(ForgeKind.GITHUB, "https://ghes.example.com/api/v3"));
    assertEquals(List.of("https://gitlab.example.com"), Forges.gitOrigins(ForgeKind.GITLAB, "https://gitlab.example.com"));
  }
}
