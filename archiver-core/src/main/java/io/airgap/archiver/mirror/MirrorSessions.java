package io.airgap.archiver.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The status page's logins, in memory only: a session id is 256 random bits (never the token, so a
 * leaked cookie is not the token and dies with the session or the process), lives {@link #LIFETIME}
 * at most, and at most {@link #MAX_SESSIONS} live at once (a new login pushes out the one nearest
 * its end). Ids are kept as their SHA-256, so looking one up reveals nothing through timing about
 * a real one. The server makes every id; one a client brings is never adopted (no fixation).
 */
final class MirrorSessions {
  static final Duration LIFETIME = Duration.ofHours(12);
  static final int MAX_SESSIONS = 64;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> ends = new HashMap<>();
  private final Clock clock;

  MirrorSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session; its id, for the cookie. */
  synchronized String open() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    ends.values().removeIf(end -> !end.isAfter(now));
    while (ends.size() >= MAX_SESSIONS) {
      ends.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).ifPresent(ends::remove);
    }
    ends.put(key(id), now.plus(LIFETIME));
    return id;
  }

  /** Whether {@code id} names a live session (an ended one is forgotten here). */
  synchronized boolean live(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return false;
    }
    String key = key(id);
    Instant end = ends.get(key);
    if (end == null) {
      return false;
    }
    if (!end.isAfter(clock.instant())) {
      ends.remove(key);
      return false;
    }
    return true;
  }

  synchronized void close(String id) {
    if (id != null && id.length() <= 100) {
      ends.remove(key(id));
    }
  }

  private static String key(String id) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
