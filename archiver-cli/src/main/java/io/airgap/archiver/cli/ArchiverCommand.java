package io.airgap.archiver.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of every subcommand: opens a run session (console, log file, metrics), runs the command,
 * and prints its outcome as JSON or as lines for people. Errors go to {@link ArchiverCli}.
 */
abstract class ArchiverCommand implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common = new CommonOptions();

  protected final CliContext context;

  ArchiverCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public CommonOptions common() {
    return common;
  }

  /** The command's name in logs and metrics. */
  protected abstract String name();

  protected abstract CommandOutcome run(RunSession session) throws Exception;

  @Override
  public final Integer call() throws Exception {
    try (RunSession session = RunSession.open(context, common, name())) {
      CommandOutcome outcome;
      try {
        outcome = run(session);
      } catch (Exception e) {
        session.failed(e, ArchiverCli.exitCode(e));
        throw e;
      }
      session.finished(outcome);
      if (common.json) {
        outcome.json().putIfAbsent("ok", outcome.exitCode() == ArchiverCli.OK);
        if (outcome.exitCode() != ArchiverCli.OK) {
          outcome.json().putIfAbsent("error_type", ArchiverCli.errorType(outcome.exitCode()));
        }
        outcome.json().put("session", session.id());
        JsonOutput.print(context.out, outcome.json());
      } else {
        outcome.lines().forEach(context.out::println);
      }
      return outcome.exitCode();
    }
  }
}
