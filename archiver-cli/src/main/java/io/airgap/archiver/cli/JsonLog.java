package io.airgap.archiver.cli;

import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.PrivateFiles;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's structured log: one JSON object per line — what ELK, Splunk or CloudWatch can query —
 * with the seed workflow's field names so existing dashboards keep working: {@code timestamp},
 * {@code level}, {@code logger}, {@code message}, {@code session_id}, then {@code command},
 * {@code event} and the event's fields. Logs are read in terminals too ({@code tail}, {@code jq -r}), so
 * every text value is one line with its URLs redacted and its control characters made visible, as on
 * the console; a new log file is readable by its owner only (0600; a folder the log creates, 0700).
 */
final class JsonLog {
  private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;
  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final BufferedWriter out;
  private final String session;
  private final String command;
  private final Map<String, Long> lastProgress = new HashMap<>();
  private String step;

  private JsonLog(BufferedWriter out, String session, String command) {
    this.out = out;
    this.session = session;
    this.command = command;
  }

  /** Opens the log; if that fails the run goes on without one, with a warning. */
  static JsonLog open(Path explicit, Map<String, String> env, String session, String command, PrintStream err) {
    Path file = explicit != null ? explicit
        : Defaults.logDir(env).resolve(FILE_STAMP.format(Instant.now()) + "-" + command + "-" + session + ".jsonl");
    try {
      if (file.toAbsolutePath().getParent() != null) {
        PrivateFiles.createFolders(file.toAbsolutePath().getParent());
      }
      PrivateFiles.create(file);
      return new JsonLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND), session, command);
    } catch (IOException e) {
      err.println("warning: cannot write the log file " + file + " (" + e.getMessage() + "); continuing without it");
      return new JsonLog(null, session, command);
    }
  }

  void onEvent(ProgressEvent event) {
    onEvent(event, Map.of());
  }

  /** {@code tags}: fields every line of one job carries ({@code job}, or {@code mirror}, and its name). */
  synchronized void onEvent(ProgressEvent event, Map<String, String> tags) {
    Map<String, Object> f = new LinkedHashMap<>(tags);
    if (event instanceof ProgressEvent.StepStarted s) {
      step = s.title();
      f.put("step_index", s.index());
      f.put("step_total", s.total());
      write("info", "step_started", f);
    } else if (event instanceof ProgressEvent.StepFinished s) {
      f.put("step_index", s.index());
      f.put("duration_ms", s.elapsed().toMillis());
      write("info", "step_finished", f);
    } else if (event instanceof ProgressEvent.Message m) {
      f.put("message", m.text());
      write(m.level().name().toLowerCase(), m.text().contains("; retry ") ? "retry" : "message", f);
    } else if (event instanceof ProgressEvent.RepositoryFinished r) {
      f.put("message", (r.mirror() != null ? r.mirror() : r.repository()) + " " + r.status());
      if (r.mirror() != null) {
        f.put("mirror", r.mirror());
      }
      f.put("repository", r.repository());
      f.put("status", r.status());
      f.put("duration_seconds", r.elapsed().toMillis() / 1000.0);
      f.putAll(r.counts());
      if (r.errorType() != null) {
        f.put("error_type", r.errorType());
        f.put("error", r.error());
      }
      write(r.error() == null ? "info" : "error", "repository_finished", f);
    } else if (event instanceof ProgressEvent.Progress p) {
      long now = System.nanoTime();
      Long last = lastProgress.get(p.task());
      boolean complete = p.total() > 0 && p.done() >= p.total();
      if (last == null || complete || now - last >= PROGRESS_INTERVAL_NANOS) {
        lastProgress.put(p.task(), now);
        f.put("task", p.task());
        f.put("done", p.done());
        f.put("total", p.total());
        f.put("unit", p.unit().name().toLowerCase());
        write("debug", "progress", f);
      }
    }
  }

  synchronized void write(String level, String event, Map<String, ?> fields) {
    if (out == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.now().toString());
    line.put("level", levelName(level));
    line.put("logger", "archiver." + command);
    line.put("message", fields.containsKey("message") ? fields.get("message") : event.replace('_', ' ')
        + (step != null && event.startsWith("step") ? ": " + step : ""));
    line.put("session_id", session);
    line.put("command", command);
    line.put("event", event);
    if (step != null) {
      line.put("step", step);
    }
    line.putAll(fields);
    line.replaceAll((k, v) -> shown(v));
    try {
      out.write(Json.mapper().writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException ignored) {
      // logging must never fail the run
    }
  }

  /** A text value as logs show it (see the class comment); lists of texts item by item. */
  private static Object shown(Object value) {
    if (value instanceof String s) {
      return TerminalText.line(Redaction.text(s));
    }
    if (value instanceof java.util.List<?> list && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(JsonLog::shown).toList();
    }
    return value;
  }

  /** Python logging's level names, as the seed's dashboards filter on them. */
  private static String levelName(String level) {
    return switch (level) {
      case "warn" -> "WARNING";
      default -> level.toUpperCase(java.util.Locale.ROOT);
    };
  }

  void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing left to log to
      }
    }
  }
}
