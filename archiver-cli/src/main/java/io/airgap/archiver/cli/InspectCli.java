package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.VerifyResult;
import io.airgap.archiver.manifest.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code archiver inspect}: what an archive holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show an archive's id, type, source, creation time, signer, refs and sizes.")
final class InspectCli implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common = new CommonOptions();

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The .tar.gz archive.")
  Path archive;

  private final CliContext context;

  InspectCli(CliContext context) {
    this.context = context;
  }

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws ArchiverException {
    VerifyResult result = Archiver.inspect().archive(archive).progress(new ConsoleProgress(context.err, common)).call();
    Manifest m = result.verified().manifest();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("archive", archive.toString());
    doc.put("archive_id", result.verified().archiveId());
    doc.put("format", m.format());
    doc.put("type", m.type().label());
    doc.put("created_at", m.createdAt());
    doc.put("tool_version", m.toolVersion());
    doc.put("source", m.source());
    doc.put("head", m.head());
    doc.put("base_id", m.base() == null ? null : m.base().archiveId());
    if (m.changes() != null) {
      doc.put("changes", Map.of("added", m.changes().added(), "updated", m.changes().updated(),
          "rewritten", m.changes().rewritten(), "deleted", m.changes().deleted()));
      doc.put("prerequisites", m.prerequisites() == null ? 0 : m.prerequisites().size());
    }
    doc.put("signer", m.signer());
    doc.put("signed", result.verified().signatureStatus() != io.airgap.archiver.archive.SignatureStatus.UNSIGNED);
    doc.put("ref_count", m.refs().size());
    doc.put("archive_size", result.archiveSize());
    doc.put("content_size", result.verified().contentBytes());
    doc.put("entries", result.verified().entryCount());
    doc.put("lfs_objects", m.lfs().size());
    doc.put("dependencies", m.dependencies().size());
    if (!m.dependencies().isEmpty()) {
      doc.put("dependency_sources", DependencySummary.of(m));
    }
    if (common.json) {
      doc.put("refs", m.refs());
      JsonOutput.print(context.out, doc);
      return ArchiverCli.OK;
    }
    doc.remove("dependency_sources");
    doc.forEach((k, v) -> context.out.printf("%-14s %s%n", k + ":", v instanceof Manifest.Source s
        ? s.name() + " (" + s.url() + ", id " + s.id() + ")" : v));
    DependencySummary.lines(m).forEach(context.out::println);
    if (common.verbose) {
      m.refs().forEach((ref, id) -> context.out.println("  " + id + " " + ref));
    }
    return ArchiverCli.OK;
  }
}
