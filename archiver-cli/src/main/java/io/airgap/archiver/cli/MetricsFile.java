package io.airgap.archiver.cli;

import io.airgap.archiver.internal.AtomicFileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus text exposition of one run, for node_exporter's textfile collector: written whole
 * under a temporary name and renamed, so the collector never reads half a file.
 */
final class MetricsFile {
  private static final Pattern LAST_SUCCESS =
      Pattern.compile("(?m)^archiver_last_success_timestamp_seconds\\{[^}]*} (\\S+)$");

  private final Path file;

  MetricsFile(Path file) {
    this.file = file;
  }

  /** @param extra Prometheus text of the command's own metric families (null: none) */
  void write(String command, boolean success, Duration total, Map<String, Duration> steps,
      Map<String, Number> values, String extra) throws IOException {
    String labels = "command=\"" + command + "\"";
    StringBuilder sb = new StringBuilder();
    gauge(sb, "archiver_last_run_success", "1 if the last run succeeded, else 0", labels, success ? 1 : 0);
    gauge(sb, "archiver_last_run_timestamp_seconds", "When the last run ended", labels, Instant.now().getEpochSecond());
    double lastSuccess = success ? Instant.now().getEpochSecond() : previousLastSuccess();
    if (lastSuccess > 0) {
      gauge(sb, "archiver_last_success_timestamp_seconds", "When the last successful run ended", labels, lastSuccess);
    }
    gauge(sb, "archiver_run_duration_seconds", "Duration of the last run", labels, total.toMillis() / 1000.0);
    if (!steps.isEmpty()) {
      sb.append("# HELP archiver_step_duration_seconds Duration of each step of the last run\n");
      sb.append("# TYPE archiver_step_duration_seconds gauge\n");
      int i = 1;
      for (var e : steps.entrySet()) {
        sb.append("archiver_step_duration_seconds{").append(labels).append(",step=\"")
            .append(i++).append("\",title=\"").append(escape(e.getKey())).append("\"} ")
            .append(number(e.getValue().toMillis() / 1000.0)).append('\n');
      }
    }
    for (var e : values.entrySet()) {
      gauge(sb, "archiver_" + e.getKey(), e.getKey().replace('_', ' ') + " of the last run", labels,
          e.getValue().doubleValue());
    }
    if (extra != null) {
      sb.append(extra);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
      out.stream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.commitReplacing();
    }
  }

  private double previousLastSuccess() {
    try {
      Matcher m = LAST_SUCCESS.matcher(Files.readString(file, StandardCharsets.UTF_8));
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void gauge(StringBuilder sb, String name, String help, String labels, double value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n");
    sb.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
