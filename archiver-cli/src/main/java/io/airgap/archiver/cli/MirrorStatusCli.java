package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.mirror.MirrorFile;
import io.airgap.archiver.mirror.MirrorMetrics;
import io.airgap.archiver.mirror.MirrorScheduler;
import io.airgap.archiver.mirror.MirrorStatus;
import io.airgap.archiver.mirror.MirrorStatuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code archiver mirror status}: each mirror's state, last attempt and success, next due, last error, source in use. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show each mirror of --config FILE: state (ok, failed, running, failed-over, never-run), last attempt,"
        + " last success, next due, last error and the source in use.")
final class MirrorStatusCli extends ArchiverCommand {
  MirrorStatusCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "mirror-status";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    if (common.config == null) {
      throw new InvalidRequestException("mirror status needs the mirror file: --config FILE");
    }
    try (MirrorScheduler scheduler = Archiver.mirror().config(common.config).environment(context.env)
        .progress(session.listener()).scheduler()) {
      return outcome(scheduler.file(), scheduler.statuses(), false);
    }
  }

  /**
   * The table and JSON of mirror statuses; {@code ok} is false when any mirror's last run failed.
   * After a run that is exit 1; {@code mirror status} itself answered, so it exits 0.
   */
  static CommandOutcome outcome(MirrorFile file, List<MirrorStatus> statuses, boolean afterRun) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-20s %-12s %-21s %-21s %-21s %s", "MIRROR", "STATE", "LAST ATTEMPT", "LAST SUCCESS",
        "NEXT DUE", "SOURCE / LAST ERROR"));
    for (MirrorStatus s : statuses) {
      lines.add(String.format("%-20s %-12s %-21s %-21s %-21s %s", s.name(), s.state(), orDash(s.lastAttempt()),
          orDash(s.lastSuccess()), s.lastAttempt() == null ? "at the next run" : orDash(s.nextDue()),
          TerminalText.line(s.lastError() != null ? s.lastError() : s.sourceInUse())));
    }
    Map<String, Object> doc = MirrorStatuses.document(statuses);
    long failed = MirrorStatuses.failing(statuses);
    Map<String, Number> metrics = Map.of("mirrors", statuses.size(), "mirrors_failed", failed);
    CommandOutcome ok = CommandOutcome.ok(doc, lines, metrics).withPrometheus(MirrorMetrics.render(file, statuses));
    return afterRun && failed > 0 ? ok.withExitCode(ArchiverCli.FAILED) : ok;
  }

  private static String orDash(String s) {
    return s == null ? "-" : s.length() > 19 ? s.substring(0, 19) : s;
  }
}
