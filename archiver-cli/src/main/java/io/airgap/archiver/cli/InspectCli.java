package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.VerifyResult;
import io.airgap.archiver.manifest.Manifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code archiver inspect}: what an archive holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show an archive's id, type, source, creation time, signer, refs and sizes.")
final class InspectCli extends ArchiverCommand {

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: a .tar.gz file, a split archive, or s3://bucket/prefix/name.tar.gz.")
  String archive;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  @picocli.CommandLine.Option(names = "--require-approval", split = ",", paramLabel = "KEYFILE|KEYDIR", description = "Approvers' public keys to check the approvals found beside the archive with; without, they are shown as found, not checked.")
  List<java.nio.file.Path> approvers = new ArrayList<>();

  InspectCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "inspect";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    VerifyResult result = Archiver.inspect().archive(archive).decryptKey(decryption.key(), decryption.passphrase(context.env)).storeOptions(store.toOptions(context.env))
        .environment(context.env).progress(session.listener()).call();
    Manifest m = result.manifest();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("archive", result.archive());
    doc.put("archive_id", result.archiveId());
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
    doc.put("signed", result.signature() != VerifyResult.Signature.UNSIGNED);
    doc.put("ref_count", m.refs().size());
    doc.put("archive_size", result.archiveSize());
    doc.put("content_size", result.contentBytes());
    doc.put("entries", result.entryCount());
    doc.put("lfs_objects", m.lfs().size());
    doc.put("lfs_missing", m.lfsMissing().size());
    doc.put("dependencies", m.dependencies().size());
    List<String> lines = new ArrayList<>();
    doc.forEach((k, v) -> lines.add(String.format("%-14s %s", k + ":", v instanceof Manifest.Source s
        ? s.name() + " (" + s.url() + ", id " + s.id() + ")" : v)));
    lines.addAll(DependencySummary.lines(m));
    if (!m.dependencies().isEmpty()) {
      doc.put("dependency_sources", DependencySummary.of(m));
    }
    if (common.verbose) {
      m.refs().forEach((ref, id) -> lines.add("  " + id + " " + ref));
    }
    doc.put("refs", m.refs());
    doc.put("lfs_missing_oids", m.lfsMissing().stream().map(Manifest.LfsObject::oid).toList());
    addApprovals(result, doc, lines);
    return CommandOutcome.ok(doc, lines, Map.of("archive_size_bytes", result.archiveSize(), "refs", m.refs().size()));
  }

  private void addApprovals(VerifyResult result, Map<String, Object> doc, List<String> lines) throws ArchiverException {
    ApprovalLines.add(doc, lines, Archiver.findApprovals().archive(archive, result.archiveId(), result.manifest().signer())
        .approverKeys(approvers).storeOptions(store.toOptions(context.env)).environment(context.env).call());
  }
}
