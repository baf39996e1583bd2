package io.airgap.archiver.cli;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.api.SyncResult;
import io.airgap.archiver.internal.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a sync result as the {@code --json} document, lines for people and metrics, and picks the
 * exit code: 1 if any target failed (or the backup), else 5 if any target's push broke the content
 * policy, else 4 if any target conflicted, else 0.
 */
final class SyncReport {
  private SyncReport() {}

  static int exitCode(SyncResult result) {
    return result.failed() ? ArchiverCli.FAILED : result.policyViolated() ? ArchiverCli.POLICY
        : result.conflicted() ? ArchiverCli.CONFLICT : ArchiverCli.OK;
  }

  static CommandOutcome of(SyncResult result, boolean verbose) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dry_run", result.dryRun());
    doc.put("source", result.source());
    doc.put("direction", result.bidirectional() ? "bidirectional" : "one-way");
    List<Map<String, Object>> targets = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    String verb = result.dryRun() ? "Dry run: would sync " : "Synced ";
    lines.add(verb + result.source() + (result.bidirectional() ? " both ways with " : " to ")
        + Plural.of(result.targets().size(), result.bidirectional() ? "side" : "target") + ":");
    for (SyncResult.TargetResult t : result.targets()) {
      targets.add(target(t));
      lines.addAll(targetLines(t, verbose));
    }
    doc.put("targets", targets);
    if (result.backup() != null) {
      Map<String, Object> backup = new LinkedHashMap<>(CreateCli.outcome(result.backup()).json());
      doc.put("backup", backup);
      lines.add(result.backup().unchanged() ? "  backup: nothing changed since the last backup; none written"
          : "  backup: " + result.backup().archive() + " (" + result.backup().type() + ")");
    }
    if (result.backupError() != null) {
      doc.put("backup_error", result.backupError());
      lines.add("  backup FAILED: " + TerminalText.line(result.backupError()));
    }
    int code = exitCode(result);
    doc.put("ok", code == ArchiverCli.OK);
    doc.put("exit_code", code);
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("targets", result.targets().size());
    metrics.put("targets_failed", result.targets().stream().filter(t -> t.status() == SyncResult.Status.FAILED).count());
    metrics.put("targets_refused_by_policy", result.targets().stream().filter(t -> t.status() == SyncResult.Status.POLICY).count());
    metrics.put("targets_conflicted", result.targets().stream().filter(t -> t.status() == SyncResult.Status.CONFLICT).count());
    metrics.put("refs_pushed", result.pushed());
    metrics.put("commits_pushed", result.targets().stream().mapToLong(SyncResult.TargetResult::commits).sum());
    return new CommandOutcome(doc, lines, metrics, code);
  }

  /** One target's entry in the {@code --json} document. */
  static Map<String, Object> target(SyncResult.TargetResult t) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("target", t.target());
    entry.put("status", t.status().name().toLowerCase(Locale.ROOT));
    entry.put("pushed", t.pushed());
    entry.put("commits", t.commits());
    entry.put("refs", t.changes().stream().filter(c -> c.kind() != RefChange.Kind.UNCHANGED)
        .map(c -> Map.of("ref", c.ref(), "action", label(c.kind()))).toList());
    entry.put("conflicts", t.changes().stream().filter(c -> c.kind() == RefChange.Kind.CONFLICT).map(RefChange::ref).toList());
    if (!t.findings().isEmpty()) {
      entry.put("findings", t.findings());
    }
    if (t.error() != null) {
      entry.put("error", t.error());
    }
    return entry;
  }

  /** One target's lines for people: its status and summary, its error, and its ref changes. */
  static List<String> targetLines(SyncResult.TargetResult t, boolean verbose) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("  %-6s %s: %s", t.status().name().toLowerCase(Locale.ROOT), t.target(), summary(t)));
    if (t.error() != null) {
      lines.add("         " + TerminalText.line(t.error()));
    }
    for (RefChange c : t.changes()) {
      if (c.kind() != RefChange.Kind.UNCHANGED && (verbose || t.changes().size() <= 50)) {
        lines.add("         " + label(c.kind()) + " " + c.ref());
      }
    }
    return lines;
  }

  private static String summary(SyncResult.TargetResult t) {
    if (t.pushed() == 0 && t.status() == SyncResult.Status.OK) {
      return "up to date, nothing pushed";
    }
    if (t.status() == SyncResult.Status.POLICY) {
      return "left untouched: the content policy refused what it would get";
    }
    if (t.status() == SyncResult.Status.FAILED) {
      return t.changes().isEmpty() ? "not synced" : "not synced (" + Plural.of(t.pushed(), "ref change") + (t.pushed() == 1 ? " was" : " were") + " planned)";
    }
    return String.format("%d created, %d fast-forwarded, %d forced, %d deleted, %d unchanged, %d kept, %d conflicting",
        t.count(RefChange.Kind.CREATE), t.count(RefChange.Kind.FAST_FORWARD), t.count(RefChange.Kind.FORCE),
        t.count(RefChange.Kind.DELETE), t.count(RefChange.Kind.UNCHANGED),
        t.count(RefChange.Kind.KEEP_TARGET) + t.count(RefChange.Kind.KEEP_EXTRA), t.count(RefChange.Kind.CONFLICT));
  }

  private static String label(RefChange.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
