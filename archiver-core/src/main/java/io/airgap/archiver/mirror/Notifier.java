package io.airgap.archiver.mirror;

import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends a mirror's failures, recoveries and successes to the configured receivers — generic
 * webhook, Slack, PagerDuty Events v2 — on a background thread with retries and backoff, so a slow
 * or broken receiver never holds up a sync. Receivers are named by kind only: their URLs and keys
 * are secrets. What people read (Slack's text, the summary, the message and error) is one line with
 * its control characters escaped ({@link TerminalText#line}): the error may quote a hostile server;
 * locations come redacted from {@link MirrorStatus}.
 */
final class Notifier implements AutoCloseable {
  private static final int ATTEMPTS = 4;
  private static final long FIRST_BACKOFF_MILLIS = 500;

  private final Notifications config;
  private final ProgressListener progress;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mirror-notifications");
    t.setDaemon(true);
    return t;
  });

  Notifier(Notifications config, ProgressListener progress) {
    this.config = config;
    this.progress = progress;
  }

  void send(Notifications.Event event, MirrorSpec spec, MirrorStatus status) {
    if (!config.wants(event)) {
      return;
    }
    String summary = summary(event, spec, status);
    if (config.webhook() != null) {
      post("webhook", config.webhook(), webhook(event, spec, status, summary));
    }
    if (config.slack() != null) {
      post("Slack", config.slack(), Map.of("text", summary));
    }
    if (config.pagerDutyRoutingKey() != null && event != Notifications.Event.SUCCESS) {
      post("PagerDuty", config.pagerDutyUrl(), pagerDuty(event, spec, status, summary));
    }
  }

  private static String summary(Notifications.Event event, MirrorSpec spec, MirrorStatus status) {
    return TerminalText.line(switch (event) {
      case FAILURE -> "archiver mirror '" + spec.name() + "' failed: " + status.lastError();
      case RECOVERY -> "archiver mirror '" + spec.name() + "' recovered (source " + status.sourceInUse() + ")";
      case SUCCESS -> "archiver mirror '" + spec.name() + "' synced " + status.commitsSynced() + " commit(s), "
          + status.branchesSynced() + " branch(es)";
    });
  }

  private static Map<String, Object> webhook(Notifications.Event event, MirrorSpec spec, MirrorStatus status,
      String summary) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event.name().toLowerCase(java.util.Locale.ROOT));
    body.put("mirror", spec.name());
    body.put("state", status.state());
    body.put("source", status.sourceInUse());
    body.put("message", summary);
    body.put("error", TerminalText.line(status.lastError()));
    body.put("consecutive_failures", status.consecutiveFailures());
    body.put("timestamp", Instant.now().toString());
    return body;
  }

  /** PagerDuty Events API v2: trigger on failure, resolve on recovery, one incident per mirror. */
  private Map<String, Object> pagerDuty(Notifications.Event event, MirrorSpec spec, MirrorStatus status,
      String summary) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("routing_key", config.pagerDutyRoutingKey());
    body.put("event_action", event == Notifications.Event.FAILURE ? "trigger" : "resolve");
    body.put("dedup_key", "airgap-archiver-mirror-" + spec.name());
    if (event == Notifications.Event.FAILURE) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary);
      payload.put("source", status.sourceInUse());
      payload.put("severity", "error");
      payload.put("component", spec.name());
      payload.put("group", "airgap-archiver-mirror");
      payload.put("class", "sync-failure");
      payload.put("custom_details", Map.of("consecutive_failures", status.consecutiveFailures(),
          "error_type", String.valueOf(status.errorType())));
      body.put("payload", payload);
    }
    return body;
  }

  private void post(String receiver, String url, Map<String, Object> body) {
    sender.submit(() -> {
      long backoff = FIRST_BACKOFF_MILLIS;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        String problem;
        try {
          HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
          int code = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (code / 100 == 2) {
            return;
          }
          problem = "HTTP " + code;
          if (code / 100 == 4 && code != 429) {
            // the receiver refuses this request: repeating it changes nothing
            progress.warn("notification to " + receiver + " was refused (" + problem + "); check its URL or key");
            return;
          }
        } catch (IOException | IllegalArgumentException e) {
          problem = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (attempt < ATTEMPTS) {
          progress.warn("notification to " + receiver + " failed (" + problem + "); retry " + attempt + "/"
              + (ATTEMPTS - 1) + " after " + backoff + " ms");
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          backoff *= 2;
        } else {
          progress.warn("notification to " + receiver + " failed (" + problem + "); giving up");
        }
      }
    });
  }

  /** Waits a little for notifications still being sent (a {@code --once} run is about to exit). */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
        progress.warn("some notifications were still being sent when the run ended");
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
