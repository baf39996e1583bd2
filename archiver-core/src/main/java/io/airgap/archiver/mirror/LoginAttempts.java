package io.airgap.archiver.mirror;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits token guesses at the login form: at most {@link #MAX_ATTEMPTS} per client within
 * {@link #WINDOW} (an IPv6 client counts by its /64, which one host usually has whole). An attempt
 * is counted before the token is compared, so parallel guesses cannot slip past the count; a login
 * that succeeds clears its client's count. At most {@link #MAX_CLIENTS} clients are remembered.
 */
final class LoginAttempts {
  static final int MAX_ATTEMPTS = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final int MAX_CLIENTS = 4096;

  private record Count(Instant since, int attempts) {}

  private final Map<String, Count> counts = new HashMap<>();
  private final Clock clock;

  LoginAttempts(Clock clock) {
    this.clock = clock;
  }

  /** Counts one attempt of {@code client}; how long it must wait instead, or null when it may try. */
  synchronized Duration attempt(InetAddress client) {
    Instant now = clock.instant();
    String key = key(client);
    Count count = counts.get(key);
    if (count == null || !count.since().plus(WINDOW).isAfter(now)) {
      if (counts.size() >= MAX_CLIENTS) {
        counts.values().removeIf(c -> !c.since().plus(WINDOW).isAfter(now));
        if (counts.size() >= MAX_CLIENTS) {
          counts.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.since().compareTo(b.since())))
              .map(Map.Entry::getKey).ifPresent(counts::remove);
        }
      }
      counts.put(key, new Count(now, 1));
      return null;
    }
    if (count.attempts() >= MAX_ATTEMPTS) {
      return Duration.between(now, count.since().plus(WINDOW));
    }
    counts.put(key, new Count(count.since(), count.attempts() + 1));
    return null;
  }

  synchronized void succeeded(InetAddress client) {
    counts.remove(key(client));
  }

  private static String key(InetAddress client) {
    byte[] address = client.getAddress();
    return Arrays.toString(client instanceof Inet6Address ? Arrays.copyOf(address, 8) : address);
  }
}
