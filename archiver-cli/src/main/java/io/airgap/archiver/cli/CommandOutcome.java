package io.airgap.archiver.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command produced, in the three forms it is reported: the {@code --json} document, the
 * lines for people, and numbers for the metrics file.
 */
record CommandOutcome(Map<String, Object> json, List<String> lines, Map<String, Number> metrics, int exitCode,
    String prometheus) {
  CommandOutcome {
    json = new LinkedHashMap<>(json);
    lines = List.copyOf(lines);
    metrics = new LinkedHashMap<>(metrics);
  }

  CommandOutcome(Map<String, Object> json, List<String> lines, Map<String, Number> metrics, int exitCode) {
    this(json, lines, metrics, exitCode, null);
  }

  /** The same outcome, with Prometheus text appended to the metrics file (metric families of its own). */
  CommandOutcome withPrometheus(String text) {
    return new CommandOutcome(json, lines, metrics, exitCode, text);
  }

  CommandOutcome withExitCode(int code) {
    return new CommandOutcome(json, lines, metrics, code, prometheus);
  }

  static CommandOutcome ok(Map<String, Object> json, List<String> lines, Map<String, Number> metrics) {
    return new CommandOutcome(json, lines, metrics, ArchiverCli.OK);
  }
}
