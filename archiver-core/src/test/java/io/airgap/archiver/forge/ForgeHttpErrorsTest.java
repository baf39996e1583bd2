package io.airgap.archiver.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ForgeHttp's error branches over real HTTP on loopback: the forge FIXTURES (testing/forge) answer
 * with the rate-limit, server-error and missing-scope responses their vendors document.
 */
class ForgeHttpErrorsTest {
  private static final String TOKEN = "forge-errors-secret-77b1";

  @TempDir Path tmp;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final ProgressListener listener = e -> {
    if (e instanceof ProgressEvent.Message m && m.level() == ProgressEvent.Level.WARN) {
      warnings.add(m.text());
    }
  };

  private ForgeFixture fixture(ForgeKind kind) throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    return ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN).add("team/app", source, null, "private");
  }

  private Forge forge(ForgeFixture f) throws Exception {
    return Forges.of(f.kind(), f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
  }

  private static long apiCalls(ForgeFixture f) {
    return f.requests().stream().filter(r -> r.contains(" /api/")).count();
  }

  /** GitHub's secondary limit (403 with retry-after) answered to every attempt: a rate-limit error, not "lacks scope". */
  @Test
  void rateLimitToEveryAttempt_failsNamingTheForgeAndWhenItResets() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITHUB)) {
      f.answerNext(50, 403, Map.of("Retry-After", "0"), Map.of("message",
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."));
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge(f).list("team"));
      String m = e.getMessage();
      assertTrue(m.contains("GitHub") && m.contains("rate limit") && m.contains("after 6 attempts"), m);
      Instant reset = Instant.parse(m.replaceAll("(?s).*resets at (\\S+Z).*", "$1"));
      assertFalse(reset.isBefore(before), m);
      assertFalse(m.contains("lacks the permission"), m);
      assertFalse(m.contains(TOKEN), m);
      assertEquals(6, apiCalls(f), f.requests().toString());
      assertEquals(5, warnings.stream().filter(w -> w.contains("rate limited")).count(), warnings.toString());
    }
  }

  @Test
  void gitLab429ToEveryAttempt_failsNamingTheForgeAndWhenItResets() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITLAB)) {
      f.answerNext(50, 429, Map.of("Retry-After", "0"), Map.of("message", "Retry later"));
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge(f).list("team"));
      assertTrue(e.getMessage().contains("GitLab") && e.getMessage().contains("rate limit")
          && e.getMessage().matches("(?s).*resets at \\S+Z.*"), e.getMessage());
      assertEquals(6, apiCalls(f));
    }
  }

  /** GitHub's primary limit resets on the hour: fail at once saying when, rather than sleep that long. */
  @Test
  void resetAnHourAway_failsAtOnce_sayingWhenToRetry() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITHUB)) {
      long reset = Instant.now().getEpochSecond() + 3600;
      f.answerNext(1, 403, Map.of("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
          "X-RateLimit-Reset", String.valueOf(reset)), Map.of("message", "API rate limit exceeded for user ID 1."));
      long start = System.nanoTime();
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge(f).list("team"));
      assertTrue(System.nanoTime() - start < 20_000_000_000L, "no hour-long sleep");
      String m = e.getMessage();
      assertTrue(m.contains("GitHub") && m.contains("rate limit"), m);
      Instant said = Instant.parse(m.replaceAll("(?s).*try again after (\\S+Z).*", "$1"));
      assertTrue(Math.abs(said.getEpochSecond() - reset) <= 2, m + " vs " + Instant.ofEpochSecond(reset));
      assertEquals(1, apiCalls(f));
      assertEquals(List.of(), warnings);
    }
  }

  @Test
  void badGatewayThenUnavailable_areRetried_thenTheListSucceeds() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITLAB)) {
      f.answerNext(1, 502, Map.of(), null).answerNext(1, 503, Map.of("Retry-After", "0"), null);
      assertEquals(List.of("team/app"), forge(f).list("team").stream().map(ForgeRepository::path).toList());
      assertEquals(2, warnings.stream().filter(w -> w.contains("server error")).count(), warnings.toString());
    }
  }

  /** docs.github.com (scopes for OAuth apps): X-OAuth-Scopes has the token's, X-Accepted-OAuth-Scopes the action's. */
  @Test
  void gitHub403ForAMissingScope_namesTheScopeNeeded() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITHUB)) {
      f.answerNext(1, 403, Map.of("X-OAuth-Scopes", "read:org", "X-Accepted-OAuth-Scopes", "repo"),
          Map.of("message", "Resource not accessible by personal access token"));
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge(f).list("team"));
      String m = e.getMessage();
      assertTrue(m.contains("403") && m.contains("SOURCE_TOKEN") && m.contains("scope repo")
          && m.contains("the token has: read:org"), m);
      assertFalse(m.contains(TOKEN), m);
    }
  }

  /** GitLab (RFC 6750): 403 insufficient_scope with the scope needed, in the body and WWW-Authenticate. */
  @Test
  void gitLab403InsufficientScope_namesTheScopeNeeded() throws Exception {
    try (ForgeFixture f = fixture(ForgeKind.GITLAB)) {
      f.answerNext(1, 403, Map.of("WWW-Authenticate", "Bearer realm=\"gitlab\", error=\"insufficient_scope\", "
          + "error_description=\"The request requires higher privileges than provided by the access token.\", scope=\"read_api\""),
          Map.of("error", "insufficient_scope", "error_description",
              "The request requires higher privileges than provided by the access token.", "scope", "read_api"));
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge(f).list("team"));
      String m = e.getMessage();
      assertTrue(m.contains("403") && m.contains("SOURCE_TOKEN") && m.contains("scope read_api"), m);
    }
  }
}
