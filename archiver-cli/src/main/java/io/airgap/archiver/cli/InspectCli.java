package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.VerifyResult;
import io.airgap.archiver.base.Plural;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.manifest.Manifest;
import java.util.Locale;
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
    List<String> lines = lines(result);
    lines.addAll(DependencySummary.lines(m));
    if (!m.dependencies().isEmpty()) {
      doc.put("dependency_sources", DependencySummary.of(m));
    }
    if (common.verbose) {
      m.refs().forEach((ref, id) -> lines.add("  " + id + " " + TerminalText.line(ref)));
    }
    doc.put("refs", m.refs());
    doc.put("lfs_missing_oids", m.lfsMissing().stream().map(Manifest.LfsObject::oid).toList());
    addApprovals(result, doc, lines);
    return CommandOutcome.ok(doc, lines, Map.of("archive_size_bytes", result.archiveSize(), "refs", m.refs().size()));
  }

  /** The archive in words: labels for people, sizes with units, counts with their nouns, nothing left blank. */
  static List<String> lines(VerifyResult result) {
    Manifest m = result.manifest();
    List<String> lines = new ArrayList<>();
    add(lines, "archive", result.archive());
    add(lines, "archive id", result.archiveId());
    add(lines, "format", m.format());
    add(lines, "type", m.type().label());
    add(lines, "created", m.createdAt() + (m.toolVersion() == null ? "" : " by archiver " + m.toolVersion()));
    Manifest.Source s = m.source();
    add(lines, "source", s == null ? "not recorded" : TerminalText.line(s.name())
        + (s.url() == null && s.id() == null ? "" : " (" + String.join(", ", java.util.stream.Stream.of(
            s.url() == null ? null : TerminalText.line(s.url()), s.id() == null ? null : "id " + TerminalText.line(s.id()))
            .filter(java.util.Objects::nonNull).toList()) + ")"));
    add(lines, "head", m.head() == null ? "not recorded" : TerminalText.line(m.head()));
    add(lines, "base", m.base() == null ? "none (a full archive needs no other)" : m.base().archiveId());
    if (m.changes() != null) {
      add(lines, "changes", changes(m.changes()));
      add(lines, "prerequisites", Plural.of(m.prerequisites() == null ? 0 : m.prerequisites().size(), "commit"));
    }
    add(lines, "signer", m.signer() == null || result.signature() == VerifyResult.Signature.UNSIGNED
        ? "none (the archive is not signed)"
        : m.signer() + (result.signature() == VerifyResult.Signature.VERIFIED ? " (signature good)"
            : " (signature not checked here: verify --trust KEYFILE)"));
    add(lines, "refs", Plural.of(m.refs().size(), "ref"));
    add(lines, "size", Format.bytes(result.archiveSize()) + " (content " + Format.bytes(result.contentBytes())
        + " in " + Plural.of(result.entryCount(), "entry") + ")");
    add(lines, "Git LFS", Plural.of(m.lfs().size(), "object") + (m.lfsMissing().isEmpty() ? ""
        : ", " + m.lfsMissing().size() + " MISSING (the source could not supply them)"));
    add(lines, "dependencies", m.dependencies().isEmpty() ? "none" : Plural.of(m.dependencies().size(), "file"));
    return lines;
  }

  private static void add(List<String> lines, String label, String value) {
    lines.add(String.format(Locale.ROOT, "%-14s %s", label + ":", value));
  }

  /** "1 updated (refs/heads/main); 2 added (refs/tags/v2, refs/heads/topic)", names capped at five per kind. */
  private static String changes(Manifest.RefChanges c) {
    if (c.isEmpty()) {
      return "no ref changed since the base";
    }
    List<String> parts = new ArrayList<>();
    Map<String, List<String>> kinds = new LinkedHashMap<>();
    kinds.put("added", c.added());
    kinds.put("updated", c.updated());
    kinds.put("rewritten", c.rewritten());
    kinds.put("deleted", c.deleted());
    kinds.forEach((kind, refs) -> {
      if (!refs.isEmpty()) {
        List<String> shown = refs.stream().limit(5).map(TerminalText::line).toList();
        parts.add(refs.size() + " " + kind + " (" + String.join(", ", shown)
            + (refs.size() > shown.size() ? " and " + (refs.size() - shown.size()) + " more" : "") + ")");
      }
    });
    return String.join("; ", parts);
  }

  private void addApprovals(VerifyResult result, Map<String, Object> doc, List<String> lines) throws ArchiverException {
    ApprovalLines.add(doc, lines, Archiver.findApprovals().archive(archive, result.archiveId(), result.manifest().signer())
        .approverKeys(approvers).storeOptions(store.toOptions(context.env)).environment(context.env).call());
  }
}
