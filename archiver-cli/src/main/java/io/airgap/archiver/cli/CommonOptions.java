package io.airgap.archiver.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
final class CommonOptions {
  @Option(names = "--json", description = "Print one JSON result document on stdout and nothing else there.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors on stderr.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print detailed progress.")
  boolean verbose;

  @Option(names = "--stacktrace", description = "Show the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Option(names = "--log-file", paramLabel = "FILE", description = "Structured log (JSON lines) of this run. Default: a new file under $ARCHIVER_LOG_DIR, else $XDG_STATE_HOME/airgap-archiver/logs, else $HOME/.local/state/airgap-archiver/logs.")
  Path logFile;

  @Option(names = "--metrics-file", paramLabel = "FILE", description = "Write Prometheus text-format metrics of this run (node_exporter textfile collector).")
  Path metricsFile;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of defaults for this command: its keys are the long option names (sign-key for"
      + " --sign-key); values may use environment variables as $${VAR} or $${VAR:-default}. Flags given override it.")
  Path config;
}
