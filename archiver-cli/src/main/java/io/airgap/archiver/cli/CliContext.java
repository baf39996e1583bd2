package io.airgap.archiver.cli;

import java.io.PrintStream;
import java.util.Map;

/** What a command may use from its surroundings: environment, output streams, rendering choices. */
final class CliContext {
  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final boolean terminal;
  final ConfigFile config;

  CliContext(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, ConfigFile config) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.config = config;
  }
}
