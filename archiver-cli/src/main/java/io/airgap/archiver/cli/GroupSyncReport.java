package io.airgap.archiver.cli;

import io.airgap.archiver.api.GroupSyncResult;
import io.airgap.archiver.api.SyncResult;
import io.airgap.archiver.internal.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a group sync ({@code sync --discover}) as a per-repository table and {@code --json}
 * {@code repositories[]}; the exit code as for one sync: 1 if any failed, else 5, else 4, else 0.
 */
final class GroupSyncReport {
  private GroupSyncReport() {}

  static CommandOutcome of(GroupSyncResult result, boolean verbose) {
    List<String> lines = new ArrayList<>();
    String created = result.dryRun() ? "CREATE?" : "CREATED";
    lines.add(String.format("%-32s %-8s %-8s %-7s %s", "REPOSITORY", "STATUS", created, "PUSHED", "TARGET / ERROR"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (GroupSyncResult.Repository r : result.repositories()) {
      SyncResult.TargetResult t = r.result() == null ? null : r.result().targets().get(0);
      String error = r.error() != null ? r.error() : t == null ? null : t.error();
      lines.add(String.format("%-32s %-8s %-8s %-7s %s", TerminalText.line(r.path()),
          r.status().name().toLowerCase(Locale.ROOT), r.created() ? "yes" : "no",
          t == null ? "-" : String.valueOf(t.pushed()),
          TerminalText.line(error == null ? r.target() : r.target() + ": " + error)));
      if (verbose && t != null) {
        lines.addAll(SyncReport.targetLines(t, true));
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", r.path());
      row.put("source", r.source());
      row.put("target", r.target());
      row.put("status", r.status().name().toLowerCase(Locale.ROOT));
      row.put(result.dryRun() ? "would_create" : "created", r.created());
      row.put("default_branch_set", r.defaultBranchSet());
      if (t != null) {
        row.putAll(SyncReport.target(t));
        row.put("target", r.target());
        row.put("status", r.status().name().toLowerCase(Locale.ROOT));
      }
      row.put("error", error);
      rows.add(row);
    }
    long ok = result.repositories().stream().filter(r -> r.status() == SyncResult.Status.OK).count();
    lines.add((result.dryRun() ? "Dry run: " : "") + ok + " of " + result.repositories().size() + " repositories of "
        + result.group() + (result.dryRun() ? " would sync" : " synced") + (ok < result.repositories().size()
        ? ", " + (result.repositories().size() - ok) + " not" : ""));
    int exit = result.any(SyncResult.Status.FAILED) ? ArchiverCli.FAILED
        : result.any(SyncResult.Status.POLICY) ? ArchiverCli.POLICY
        : result.any(SyncResult.Status.CONFLICT) ? ArchiverCli.CONFLICT : ArchiverCli.OK;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dry_run", result.dryRun());
    json.put("group", result.group());
    json.put("ok", exit == ArchiverCli.OK);
    json.put("exit_code", exit);
    json.put("repositories", rows);
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("group_repositories", result.repositories().size());
    metrics.put("group_created", result.repositories().stream().filter(GroupSyncResult.Repository::created).count());
    metrics.put("group_not_synced", result.repositories().size() - ok);
    return new CommandOutcome(json, lines, metrics, exit);
  }
}
