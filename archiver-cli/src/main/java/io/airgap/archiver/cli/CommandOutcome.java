package io.airgap.archiver.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command produced, in the three forms it is reported: the {@code --json} document, the
 * lines for people, and numbers for the metrics file.
 */
record CommandOutcome(Map<String, Object> json, List<String> lines, Map<String, Number> metrics, int exitCode) {
  CommandOutcome {
    json = new LinkedHashMap<>(json);
    lines = List.copyOf(lines);
    metrics = new LinkedHashMap<>(metrics);
  }

  static CommandOutcome ok(Map<String, Object> json, List<String> lines, Map<String, Number> metrics) {
    return new CommandOutcome(json, lines, metrics, ArchiverCli.OK);
  }
}
