package io.airgap.archiver.mirror;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whom the mirror service tells when a mirror fails, recovers or (optionally) succeeds: a generic
 * JSON webhook, a Slack incoming webhook, PagerDuty Events v2. The URLs and the routing key are
 * secrets: they are never logged or shown.
 */
public record Notifications(String webhook, String slack, String pagerDutyRoutingKey, String pagerDutyUrl,
    Set<Event> on) {

  /** What happened to a mirror. */
  public enum Event {
    FAILURE,
    RECOVERY,
    SUCCESS
  }

  /** The keys of the mirror file's {@code notifications:} mapping. */
  static final Set<String> KEYS = Set.of("webhook", "slack", "pagerduty", "pagerduty-url", "on");

  public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
  public static final Notifications NONE = new Notifications(null, null, null, PAGERDUTY_EVENTS_URL, Set.of());

  static Notifications of(Map<String, Object> m) throws InvalidRequestException {
    Object on = m.get("on");
    List<String> events = on instanceof List<?> list ? list.stream().map(String::valueOf).toList()
        : on == null ? List.of("failure", "recovery") : List.of(String.valueOf(on));
    Set<Event> wanted = new java.util.HashSet<>();
    for (String e : events) {
      try {
        wanted.add(Event.valueOf(e.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException bad) {
        throw new InvalidRequestException("notifications: 'on' takes failure, recovery and success, not '" + e + "'");
      }
    }
    return new Notifications(blank(m.get("webhook")), blank(m.get("slack")), blank(m.get("pagerduty")),
        m.get("pagerduty-url") == null ? PAGERDUTY_EVENTS_URL : String.valueOf(m.get("pagerduty-url")),
        Set.copyOf(wanted));
  }

  /** Receivers by kind only: their URLs and the routing key are secrets. */
  @Override
  public String toString() {
    return "Notifications[webhook=" + (webhook != null) + ", slack=" + (slack != null) + ", pagerduty="
        + (pagerDutyRoutingKey != null) + ", on=" + on + "]";
  }

  public boolean wants(Event event) {
    return on.contains(event) && (webhook != null || slack != null || pagerDutyRoutingKey != null);
  }

  private static String blank(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
