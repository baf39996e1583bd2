package io.airgap.archiver.cli;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of a command: its id, and the places its events go — the console, the JSON-lines log
 * file and the metrics file. Only the CLI renders; core reports to {@link #listener()}.
 */
final class RunSession implements AutoCloseable {
  private final String id;
  private final String command;
  private final Instant started = Instant.now();
  private final ConsoleRenderer console;
  private final JsonLog log;
  private final CliContext context;
  private final CommonOptions options;
  private final Map<String, Duration> steps = new LinkedHashMap<>();
  private final ProgressListener listener;
  /** The repository the run is about, for the log's completion line (seed field {@code repository}). */
  private String repository;

  private RunSession(CliContext context, CommonOptions options, String command) {
    this.id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.command = command;
    this.context = context;
    this.options = options;
    this.console = new ConsoleRenderer(context.err, options, context.terminal);
    this.log = JsonLog.open(options.logFile, context.env, id, command, context.err);
    this.listener = event -> {
      if (event instanceof ProgressEvent.StepFinished f) {
        synchronized (steps) {
          steps.put(f.title(), f.elapsed());
        }
      }
      console.onEvent(event);
      log.onEvent(event);
    };
  }

  static RunSession open(CliContext context, CommonOptions options, String command) {
    RunSession session = new RunSession(context, options, command);
    session.log.write("info", "start", Map.of("message", "archiver " + command + " started"));
    return session;
  }

  String id() {
    return id;
  }

  ProgressListener listener() {
    return listener;
  }

  /** A listener for one of several parallel jobs: console lines are prefixed, log lines tagged {@code job}. */
  ProgressListener listenerFor(String job) {
    return listenerFor(job, "job");
  }

  /**
   * A listener for one of several parallel jobs: console lines start {@code [name]}, log lines
   * carry {@code field} (such as {@code job} or {@code mirror}) with the name.
   */
  ProgressListener listenerFor(String name, String field) {
    ProgressListener prefixed = console.prefixed("[" + name + "] ");
    Map<String, String> tags = Map.of(field, name);
    return event -> {
      prefixed.onEvent(event);
      log.onEvent(event, tags);
    };
  }

  /** The opening line operators see: session id and what is being done. */
  void header(String title, Map<String, ?> fields) {
    Object named = fields.get("source") != null ? fields.get("source") : fields.get("target");
    repository = named == null ? null : named.toString();
    StringBuilder sb = new StringBuilder("archiver ").append(command).append(" · session ").append(id);
    fields.forEach((k, v) -> {
      if (v != null) {
        sb.append(" · ").append(k).append(' ').append(v);
      }
    });
    console.line(sb.toString());
    Map<String, Object> entry = new LinkedHashMap<>(fields);
    entry.put("message", title);
    log.write("info", "header", entry);
  }

  /**
   * One event of the command's own in the JSON log, with its fields: {@code approved}, and the custody trail's
   * {@code archive_created}, {@code archive_restored}, {@code receipt_written}, {@code receipt_used}, which carry
   * {@code archive_id} so both sides' logs join on it.
   */
  void event(String event, Map<String, ?> fields) {
    log.write("info", event, fields);
  }

  void finished(CommandOutcome outcome) {
    Map<String, Object> entry = new LinkedHashMap<>(outcome.metrics());
    entry.put("message", "archiver " + command + " finished");
    if (repository != null) {
      entry.put("repository", repository);
    }
    entry.put("status", outcome.exitCode() == ArchiverCli.OK ? "success" : "failed");
    entry.put("duration_seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    entry.put("duration_ms", Duration.between(started, Instant.now()).toMillis());
    entry.put("exit_code", outcome.exitCode());
    if (outcome.exitCode() != ArchiverCli.OK) {
      entry.put("error_type", ArchiverCli.errorType(outcome.exitCode()));
    }
    log.write(outcome.exitCode() == ArchiverCli.OK ? "info" : "error", "result", entry);
    console.summary(stepTimings(), Duration.between(started, Instant.now()));
    writeMetrics(outcome.exitCode() == ArchiverCli.OK, outcome.metrics(), outcome.prometheus());
  }

  void failed(Throwable error, int exitCode) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("message", "archiver " + command + " failed");
    if (repository != null) {
      entry.put("repository", repository);
    }
    entry.put("status", "failed");
    entry.put("duration_seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    entry.put("error", error.getMessage());
    entry.put("error_type", ArchiverCli.errorType(error));
    entry.put("exit_code", exitCode);
    List<String> causes = new ArrayList<>();
    for (Throwable t = error.getCause(); t != null && causes.size() < 5; t = t.getCause()) {
      causes.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }
    if (!causes.isEmpty()) {
      entry.put("cause", causes);
    }
    entry.put("duration_ms", Duration.between(started, Instant.now()).toMillis());
    log.write("error", "error", entry);
    console.endBar();
    writeMetrics(false, Map.of(), null);
  }

  private Map<String, Duration> stepTimings() {
    synchronized (steps) {
      return new LinkedHashMap<>(steps);
    }
  }

  private void writeMetrics(boolean success, Map<String, Number> values, String extra) {
    if (options.metricsFile == null) {
      return;
    }
    try {
      new MetricsFile(options.metricsFile).write(command, success, Duration.between(started, Instant.now()),
          stepTimings(), values, extra);
    } catch (java.io.IOException e) {
      context.err.println("warning: could not write the metrics file " + options.metricsFile + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    log.close();
  }
}
