package io.airgap.archiver.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The status page's sessions and login limit over time (hours and minutes the service test cannot
 * wait for): a session ends after its lifetime, the oldest goes when too many are open, and a
 * client's guesses are counted per window.
 */
class MirrorSessionsTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();

  @Test
  void aSessionEndsAfterItsLifetime_andALoggedOutOneAtOnce() {
    MirrorSessions sessions = new MirrorSessions(clock);
    String id = sessions.open();
    String other = sessions.open();
    assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id); // 256 bits, URL-safe, a cookie value as is
    clock.advance(MirrorSessions.LIFETIME.minusSeconds(1));
    assertTrue(sessions.live(id));
    sessions.close(other);
    assertFalse(sessions.live(other), "logged out");
    clock.advance(Duration.ofSeconds(1));
    assertFalse(sessions.live(id), "expired");
    assertFalse(sessions.live(null));
    assertFalse(sessions.live(""));
    assertFalse(sessions.live("x".repeat(5000)));
  }

  @Test
  void idsAreRandom_andTooManySessionsPushOutTheOneNearestItsEnd() {
    MirrorSessions sessions = new MirrorSessions(clock);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < MirrorSessions.MAX_SESSIONS; i++) {
      ids.add(sessions.open());
      clock.advance(Duration.ofSeconds(1));
    }
    Set<String> distinct = new HashSet<>(ids);
    assertEquals(ids.size(), distinct.size());
    String newest = sessions.open();
    assertFalse(sessions.live(ids.get(0)), "the oldest went");
    for (String id : ids.subList(1, ids.size())) {
      assertTrue(sessions.live(id));
    }
    assertTrue(sessions.live(newest));
  }

  @Test
  void aClientHasFiveAttemptsPerWindow_aSuccessClearsItsCount_andOthersAreNotAffected() throws Exception {
    LoginAttempts attempts = new LoginAttempts(clock);
    InetAddress guesser = InetAddress.getByName("192.0.2.7");
    InetAddress operator = InetAddress.getByName("192.0.2.8");
    for (int i = 0; i < LoginAttempts.MAX_ATTEMPTS; i++) {
      assertNull(attempts.attempt(guesser));
    }
    Duration wait = attempts.attempt(guesser);
    assertNotNull(wait);
    assertEquals(LoginAttempts.WINDOW, wait);
    clock.advance(Duration.ofMinutes(4));
    assertEquals(LoginAttempts.WINDOW.minusMinutes(4), attempts.attempt(guesser));
    assertNull(attempts.attempt(operator), "another client may try");
    // one IPv6 host has its whole /64: its addresses count together
    InetAddress v6a = InetAddress.getByName("2001:db8:1:2::a");
    InetAddress v6b = InetAddress.getByName("2001:db8:1:2::b");
    for (int i = 0; i < LoginAttempts.MAX_ATTEMPTS; i++) {
      assertNull(attempts.attempt(i % 2 == 0 ? v6a : v6b));
    }
    assertNotNull(attempts.attempt(v6b));
    assertNull(attempts.attempt(InetAddress.getByName("2001:db8:1:3::a")), "another /64");

    clock.advance(LoginAttempts.WINDOW);
    assertNull(attempts.attempt(guesser), "a new window");
    for (int i = 1; i < LoginAttempts.MAX_ATTEMPTS; i++) {
      assertNull(attempts.attempt(guesser));
    }
    attempts.succeeded(guesser);
    assertNull(attempts.attempt(guesser), "a login that succeeded clears the count");
  }
}
