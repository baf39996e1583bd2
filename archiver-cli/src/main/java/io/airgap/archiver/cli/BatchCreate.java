package io.airgap.archiver.cli;

import io.airgap.archiver.api.CreateResult;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.api.Shard;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One archive per repository, a bounded number at once. A failure is recorded and the others go
 * on; the run exits 1 if any failed, after a summary table naming each outcome.
 */
final class BatchCreate {
  private final CreateCli options;
  private final RunSession session;
  BatchCreate(CreateCli options, RunSession session) {
    this.options = options;
    this.session = session;
  }

  /** One repository's outcome. */
  private record Row(String name, String source, CreateResult result, String error) {}

  CommandOutcome run(List<Map<String, String>> all, int parallel, Shard shard) throws Exception {
    if (parallel < 1) {
      throw new InvalidRequestException("--parallel must be at least 1");
    }
    List<Map<String, String>> repos = shard == null ? all
        : shard.select(all, repo -> Shard.identity(String.valueOf(repo.get("source"))));
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("repositories", repos.size());
    header.put("parallel", parallel);
    if (shard != null) {
      header.put("shard", shard + " (" + repos.size() + " of " + all.size() + " repositories)");
    }
    session.header("batch create", header);
    if (repos.isEmpty()) {
      return summarise(List.of(), shard);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, repos.size()));
    List<Future<Row>> futures = new ArrayList<>();
    try {
      List<Map<String, String>> entries = new ArrayList<>(repos); // entries.get(i) is futures.get(i)'s
      for (Map<String, String> repo : repos) {
        futures.add(pool.submit(() -> createOne(repo)));
      }
      List<Row> rows = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>(repos.stream().map(r -> r.get("source")).toList());
      for (int i = 0; i < futures.size(); i++) { // --recurse-submodules appends to the batch as archives finish
        Row row = futures.get(i).get();
        rows.add(row);
        if (options.recurseSubmodules) {
          for (Map<String, String> sub : DiscoverOptions.submoduleEntries(row.result(), entries.get(i), seen)) {
            entries.add(sub);
            futures.add(pool.submit(() -> createOne(sub)));
          }
        }
      }
      return summarise(rows, shard);
    } finally {
      pool.shutdownNow();
    }
  }

  private Row createOne(Map<String, String> repo) {
    String source = repo.get("source");
    String name = repo.getOrDefault("name", null);
    String label = name;
    try {
      label = name != null ? name : GitRemote.parse(source).humanName();
      CreateResult result = options.command(source, name, list(repo.get("include-refs"), options.includeRefs),
          list(repo.get("exclude-refs"), options.excludeRefs),
          repo.get("output") != null ? repo.get("output") : options.output,
          session.listenerFor(label)).forge(DiscoverOptions.forgeOf(repo))
          .credentialsGivenFor(list(repo.get(DiscoverOptions.CREDENTIALS_GIVEN_FOR), List.of()).stream()
              .filter(url -> !url.isEmpty()).toList()).call();
      options.auditCreate(session, result, label);
      return new Row(label, Redaction.url(source), result, null);
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      session.listenerFor(label == null ? Redaction.url(source) : label).warn("failed: " + message);
      return new Row(label == null ? Redaction.url(source) : label, Redaction.url(source), null, message);
    }
  }

  private static List<String> list(String configured, List<String> fallback) {
    return configured == null ? fallback : Arrays.stream(configured.split(",")).map(String::strip).toList();
  }

  private CommandOutcome summarise(List<Row> rows, Shard shard) {
    long failed = rows.stream().filter(r -> r.error() != null).count();
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-24s %-8s %-10s %s", "REPOSITORY", "STATUS", "SIZE", "ARCHIVE / ERROR"));
    List<Map<String, Object>> results = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", r.name());
      doc.put("source", r.source());
      if (r.error() != null) {
        lines.add(String.format("%-24s %-8s %-10s %s", TerminalText.line(r.name()), "FAILED", "-",
            TerminalText.line(r.error())));
        doc.put("ok", false);
        doc.put("error", r.error());
      } else {
        CreateResult c = r.result();
        String status = c.unchanged() ? "UNCHANGED" : c.dryRun() ? "DRY-RUN" : "OK";
        String size = c.archiveId() == null ? "-" : Format.bytes(c.size());
        lines.add(String.format("%-24s %-8s %-10s %s", r.name(), status, size, c.archive() == null ? "" : c.archive()));
        doc.put("ok", true);
        doc.put("archive", c.archive() == null ? null : c.archive().toString());
        doc.put("archive_id", c.archiveId());
      }
      results.add(doc);
    }
    lines.add((rows.size() - failed) + " of " + rows.size() + " repositories archived" + (failed > 0 ? ", " + failed + " failed" : "")
        + (shard == null ? "" : " (shard " + shard + ")"));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", failed == 0);
    if (shard != null) {
      json.put("shard", shard.toString());
    }
    json.put("results", results);
    json.put("failed", failed);
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("batch_repositories", rows.size());
    metrics.put("batch_failed", failed);
    return new CommandOutcome(json, lines, metrics, failed == 0 ? ArchiverCli.OK : ArchiverCli.FAILED);
  }
}
