package io.airgap.archiver.mirror;

import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The mirrors' Prometheus metrics (text format 0.0.4), named after the seed's
 * {@code repo_cloner_sync_*} series under our prefix, labelled {@code mirror} and {@code repository}.
 */
public final class MirrorMetrics {
  private MirrorMetrics() {}

  public static String render(MirrorFile file, List<MirrorStatus> statuses) {
    StringBuilder out = new StringBuilder();
    metric(out, file, statuses, "archiver_mirror_sync_duration_seconds", "gauge",
        "How long the mirror's last sync took.", MirrorStatus::lastDurationSeconds);
    metric(out, file, statuses, "archiver_mirror_sync_success_total", "counter",
        "Syncs of the mirror that succeeded.", MirrorStatus::successes);
    metric(out, file, statuses, "archiver_mirror_sync_failure_total", "counter",
        "Syncs of the mirror that failed.", MirrorStatus::failures);
    metric(out, file, statuses, "archiver_mirror_last_success_timestamp_seconds", "gauge",
        "When the mirror last synced successfully (Unix time; 0 if never).",
        s -> s.lastSuccess() == null ? 0 : Instant.parse(s.lastSuccess()).getEpochSecond());
    // up says the service that runs the mirror answers (so 1 during a sync too); how the last
    // run went is a gauge of its own, which a sync under way leaves as it was
    metric(out, file, statuses, "archiver_mirror_up", "gauge",
        "1 while the archiver that runs the mirror is up (also during a sync).", s -> 1);
    metric(out, file, statuses, "archiver_mirror_last_run_success", "gauge",
        "1 when the mirror's last finished run succeeded (from its primary or a fallback), 0 when it failed;"
            + " no sample before its first run.",
        s -> s.runs() == 0 ? Double.NaN : s.lastRunFailed() ? 0 : 1);
    metric(out, file, statuses, "archiver_mirror_failed_over", "gauge",
        "1 when the mirror runs on a fallback source.", s -> MirrorStatus.FAILED_OVER.equals(s.state()) ? 1 : 0);
    metric(out, file, statuses, "archiver_mirror_consecutive_failures", "gauge",
        "Failed syncs in a row.", MirrorStatus::consecutiveFailures);
    metric(out, file, statuses, "archiver_mirror_commits_synced", "gauge",
        "Commits the last successful sync brought.", MirrorStatus::commitsSynced);
    metric(out, file, statuses, "archiver_mirror_branches_synced", "gauge",
        "Branches the last successful sync updated.", MirrorStatus::branchesSynced);
    return out.toString();
  }

  private static void metric(StringBuilder out, MirrorFile file, List<MirrorStatus> statuses, String name,
      String type, String help, ToDoubleFunction<MirrorStatus> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    for (MirrorStatus s : statuses) {
      double v = value.applyAsDouble(s);
      if (Double.isNaN(v)) {
        continue; // unknown yet: no sample rather than a misleading 0
      }
      MirrorSpec spec = file.mirror(s.name());
      String repository = spec == null ? s.name() : spec.displaySource();
      out.append(name).append("{mirror=\"").append(escape(s.name())).append("\",repository=\"")
          .append(escape(repository)).append("\"} ").append(format(v)).append('\n');
    }
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
