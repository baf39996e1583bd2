package io.airgap.archiver.mirror;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.internal.Redaction;
import java.time.Duration;
import java.time.Instant;

/**
 * What is known of one mirror across runs and processes: its state, when it last ran and
 * succeeded, the source in use, the last error, and counters for metrics. Kept as
 * {@code <state-dir>/<name>.json}. It never holds a secret: the source is kept redacted and so is
 * every URL in the last error (also when an older version's file is read), so the state file, {@code
 * mirror status}, the HTTP API and the notifications built from it show none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MirrorStatus(
    @JsonProperty("name") String name,
    @JsonProperty("state") String state,
    @JsonProperty("source_in_use") String sourceInUse,
    @JsonProperty("last_attempt") String lastAttempt,
    @JsonProperty("last_success") String lastSuccess,
    @JsonProperty("next_due") String nextDue,
    @JsonProperty("last_error") String lastError,
    @JsonProperty("error_type") String errorType,
    @JsonProperty("consecutive_failures") int consecutiveFailures,
    @JsonProperty("primary_failures") int primaryFailures,
    @JsonProperty("last_duration_seconds") double lastDurationSeconds,
    @JsonProperty("commits_synced") long commitsSynced,
    @JsonProperty("branches_synced") long branchesSynced,
    @JsonProperty("runs") long runs,
    @JsonProperty("successes") long successes,
    @JsonProperty("failures") long failures) {

  public static final String NEVER_RUN = "never-run";
  public static final String RUNNING = "running";
  public static final String OK = "ok";
  public static final String FAILED = "failed";
  public static final String FAILED_OVER = "failed-over";

  public MirrorStatus {
    sourceInUse = Redaction.url(sourceInUse);
    lastError = Redaction.text(lastError);
  }

  static MirrorStatus initial(MirrorSpec spec) {
    return new MirrorStatus(spec.name(), NEVER_RUN, spec.source(), null, null, iso(Instant.EPOCH), null, null, 0, 0, 0,
        0, 0, 0, 0, 0);
  }

  /** Whether the mirror is due at {@code now}: never run, or its interval has passed since the last attempt. */
  boolean dueAt(Instant now, Duration interval) {
    return lastAttempt == null || !Instant.parse(lastAttempt).plus(interval).isAfter(now);
  }

  /**
   * Whether the last finished run failed — also while the mirror runs again, since a sync under
   * way keeps the count: what {@code mirror status --json}'s {@code ok}, the exit code of a run
   * and {@code archiver_mirror_last_run_success} say.
   */
  public boolean lastRunFailed() {
    return consecutiveFailures > 0;
  }

  boolean healthy() {
    return OK.equals(state) || FAILED_OVER.equals(state);
  }

  MirrorStatus running(Instant now, Duration interval) {
    return new MirrorStatus(name, RUNNING, sourceInUse, iso(now), lastSuccess, iso(now.plus(interval)), lastError,
        errorType, consecutiveFailures, primaryFailures, lastDurationSeconds, commitsSynced, branchesSynced, runs, successes,
        failures);
  }

  MirrorStatus succeeded(Instant started, Duration took, String source, boolean onFallback, int primaryFailuresNow,
      long commits, long branches, Duration interval) {
    return new MirrorStatus(name, onFallback ? FAILED_OVER : OK, source, iso(started),
        iso(started.plus(took)), iso(started.plus(interval)), null, null, 0, primaryFailuresNow,
        seconds(took), commits, branches, runs + 1, successes + 1, failures);
  }

  MirrorStatus failed(Instant started, Duration took, String source, int primaryFailuresNow, String error,
      String type, Duration interval) {
    return new MirrorStatus(name, FAILED, source, iso(started), lastSuccess, iso(started.plus(interval)),
        error, type, consecutiveFailures + 1, primaryFailuresNow, seconds(took), 0, 0, runs + 1, successes,
        failures + 1);
  }

  /** Whole seconds: what people read, and precise enough for intervals of seconds and more. */
  static String iso(Instant time) {
    return time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
