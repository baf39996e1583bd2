package io.airgap.archiver.cli;

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
}
