package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.FleetRestoreResult;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a fleet restore for {@code restore --target-template} and renders its per-repository table;
 * the exit code names the worst outcome: 3 untrusted, else 4 conflict, else 1 failed.
 */
final class FleetRestore {
  private final RestoreCli options;
  private final RunSession session;

  FleetRestore(RestoreCli options, RunSession session) {
    this.options = options;
    this.session = session;
  }

  CommandOutcome run() throws ArchiverException {
    FleetRestoreOptions fleet = options.fleet;
    session.header(options.dryRun ? "fleet restore (dry run)" : "fleet restore",
        Map.of("template", Redaction.url(fleet.targetTemplate), "parallel", fleet.parallel));
    FleetRestoreResult result = Archiver.fleetRestore()
        .archives(options.archives)
        .targetTemplate(fleet.targetTemplate)
        .createRepos(fleet.createRepos == null ? null : ForgeKind.parse(fleet.createRepos), fleet.apiUrl)
        .parallel(fleet.parallel)
        .trustedKeys(options.trust)
        .requireSigners(options.requireSigners)
        .allowUnsigned(options.allowUnsigned)
        .allowRollback(options.allowRollback)
        .workspaceRoot(options.workspace)
        .prune(options.prune)
        .onConflict(options.onConflict)
        .requireApproval(options.requireApproval, options.approvals, options.allowSelfApproval)
        .storeOptions(options.store.toOptions(options.context.env))
        .environment(options.context.env)
        .progress(session.listener())
        .progressPerSource(session::listenerFor)
        .receipt(options.receiptKey, options.receiptKey == null ? null : Passphrases.forReceipts(options.context.env),
            options.receiptOut)
        .dryRun(options.dryRun)
        .call();
    for (FleetRestoreResult.Repository r : result.repositories()) {
      if (r.restore() != null && !result.dryRun()) {
        RestoreCli.auditRestore(session, r.restore(), r.path());
      }
    }
    return render(result);
  }

  static CommandOutcome render(FleetRestoreResult result) {
    List<String> lines = new ArrayList<>();
    boolean dry = result.dryRun();
    if (dry) {
      lines.add("Dry run: nothing was created or pushed; this is what a restore would do.");
    }
    lines.add(String.format("%-32s %-13s %-8s %-8s %s", "REPOSITORY", "STATUS", "CREATED", dry ? "TO PUSH" : "PUSHED",
        "TARGET / ERROR"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FleetRestoreResult.Repository r : result.repositories()) {
      long pushed = r.restore() == null ? 0 : r.restore().changes().stream().filter(c -> c.kind().pushes()).count();
      String status = dry && r.status() == FleetRestoreResult.Status.RESTORED ? "would_restore"
          : r.status().name().toLowerCase(Locale.ROOT);
      lines.add(String.format("%-32s %-13s %-8s %-8s %s", TerminalText.line(r.path()),
          status.replace('_', '-'), r.created() ? "yes" : "no",
          r.restore() == null ? "-" : String.valueOf(pushed),
          TerminalText.line(r.error() == null ? r.target() : r.target() + ": " + r.error())));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", r.path());
      row.put("target", r.target());
      row.put("status", status);
      row.put("created", r.created());
      row.put("default_branch", r.defaultBranch());
      row.put("default_branch_set", r.defaultBranchSet());
      row.put("refs_pushed", pushed);
      row.put("archives_applied", r.restore() == null ? List.of() : r.restore().applied());
      row.put("refs", r.restore() == null ? List.of() : refs(r.restore()));
      row.put("receipt", r.restore() == null || r.restore().receipt() == null ? null : r.restore().receipt().toString());
      row.put("error", r.error());
      rows.add(row);
    }
    long ok = result.repositories().stream().filter(r -> r.status().ok()).count();
    lines.add(ok + " of " + result.repositories().size() + " repositories " + (dry ? "would be restored" : "restored")
        + " or unchanged"
        + (ok < result.repositories().size() ? ", " + (result.repositories().size() - ok) + " not" : ""));
    if (!result.submoduleRewrites().isEmpty()) {
      lines.add("Submodules: for git clone --recurse-submodules of the internal repositories, developers run:");
      result.submoduleRewrites().forEach(r -> lines.add("  " + r.gitConfigCommand()));
    }
    int exit = result.count(FleetRestoreResult.Status.UNTRUSTED) > 0 ? ArchiverCli.UNTRUSTED
        : result.count(FleetRestoreResult.Status.CONFLICT) > 0 ? ArchiverCli.CONFLICT
        : result.count(FleetRestoreResult.Status.FAILED) > 0 ? ArchiverCli.FAILED : ArchiverCli.OK;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", exit == ArchiverCli.OK);
    json.put("dry_run", dry);
    json.put("exit_code", exit);
    json.put("repositories", rows);
    json.put("submodule_rewrites", result.submoduleRewrites().stream()
        .map(r -> Map.of("internal", r.internal(), "original", r.original())).toList());
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("fleet_repositories", result.repositories().size());
    metrics.put("fleet_created", result.repositories().stream().filter(FleetRestoreResult.Repository::created).count());
    metrics.put("fleet_failed", result.repositories().size() - ok);
    return new CommandOutcome(json, lines, metrics, exit);
  }

  /** The repository's plan, as a single restore's JSON gives it: each ref that changes, and how. */
  private static List<Map<String, String>> refs(io.airgap.archiver.api.RestoreResult restore) {
    List<Map<String, String>> refs = new ArrayList<>();
    for (io.airgap.archiver.base.RefChange change : restore.changes()) {
      if (change.kind() != io.airgap.archiver.base.RefChange.Kind.UNCHANGED) {
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("ref", change.ref());
        ref.put("action", change.kind().name().toLowerCase(Locale.ROOT));
        refs.add(ref);
      }
    }
    return refs;
  }

}
