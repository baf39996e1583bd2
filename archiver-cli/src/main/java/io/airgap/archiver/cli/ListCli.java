package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.TransferCommand;
import io.airgap.archiver.archive.ArchiveChains;
import io.airgap.archiver.archive.ArchiveSidecar;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.Plural;
import io.airgap.archiver.custody.Receipts;
import io.airgap.archiver.signing.TrustedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver list}: the archives at a location. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the archives at a location (s3://bucket/prefix or a folder): name, type, size, created, base id.",
        "An encrypted archive's facts are sealed in its sidecar: without --decrypt-key it is listed as \"encrypted\""
            + " (exit 0, the last line counts them); --chains needs the key for them (else exit 2, nothing shown)."})
final class ListCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "LOCATION", description = "s3://bucket/prefix or a local folder.")
  String location;

  @Option(names = "--chains", description = "Group the archives into chains (a full archive and its incrementals), per source, newest first.")
  boolean chains;

  @Option(names = "--receipts", paramLabel = "FILE|DIR", description = "With --chains: mark the archives these signed receipts confirm the air-gapped side holds (an archive a receipt names, and every archive it builds on). Every receipt must verify against --trust-receipts, else exit 3.")
  Path receipts;

  @Option(names = "--trust-receipts", split = ",", paramLabel = "KEYFILE|KEYDIR", description = "Public key(s) that sign receipts (for --receipts).")
  List<Path> trustReceipts = new ArrayList<>();

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  ListCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "list";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    if (receipts != null && (!chains || trustReceipts.isEmpty())) {
      throw new InvalidRequestException("--receipts needs --chains and --trust-receipts KEYFILE|KEYDIR");
    }
    if (chains) {
      return chains();
    }
    List<TransferCommand.Listed> listed = Archiver.transfer().storeOptions(store.toOptions(context.env))
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .environment(context.env).progress(session.listener()).list(location);
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-52s %-12s %-10s %-21s %s", "NAME", "TYPE", "SIZE", "CREATED", "BASE"));
    List<Map<String, Object>> docs = new ArrayList<>();
    int sealedCount = 0;
    for (TransferCommand.Listed l : listed) {
      ArchiveSidecar i = l.info();
      String name = l.name().substring(l.name().lastIndexOf('/') + 1);
      // An encrypted archive listed without its key shows only what is outside the encryption.
      boolean sealed = i != null && i.encryptedArchive() && !i.describesContent();
      if (sealed) {
        sealedCount++;
      }
      String type = i == null ? "?" : i.type() != null ? i.type() : sealed ? "encrypted" : "?";
      lines.add(String.format("%-52s %-12s %-10s %-21s %s", name, type, Format.bytes(l.size()),
          i == null || i.createdAt() == null ? "?" : i.createdAt(), i == null || i.baseId() == null ? "-" : i.baseId().substring(0, 12)));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", name);
      doc.put("size", l.size());
      if (i != null) {
        doc.put("archive_id", i.archiveId());
        doc.put("type", i.type());
        doc.put("created_at", i.createdAt());
        doc.put("base_id", i.baseId());
        if (i.encryptedTo() != null) {
          doc.put("encrypted_to", i.encryptedTo());
        }
        if (i.encryptedArchive()) {
          doc.put("encrypted", true);
          doc.put("sealed", sealed);
        }
      }
      docs.add(doc);
    }
    if (sealedCount > 0) {
      lines.add(Plural.of(sealedCount, "encrypted archive") + " listed as \"encrypted\": type, creation time, base,"
          + " source and recipients are sealed " + (decryption.key() == null
              ? "to the archive's recipients; give --decrypt-key (a recipient's secret key) to show them"
              : "to other recipients than " + decryption.key()));
    }
    return CommandOutcome.ok(Map.of("location", location, "archives", docs, "sealed", sealedCount), lines,
        Map.of("archives", listed.size()));
  }

  private CommandOutcome chains() throws Exception {
    List<ArchiveChains.Chain> found = Archiver.transfer().storeOptions(store.toOptions(context.env))
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .environment(context.env).chains(location);
    Set<String> confirmed = receipts == null ? Set.of()
        : Receipts.load(receipts,
            TrustedKeys.load(trustReceipts)).confirmedArchives();
    List<String> lines = new ArrayList<>();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (ArchiveChains.Chain c : found) {
      lines.add(c.source() + ": chain of " + c.members().size() + ", newest " + c.newest()
          + (c.complete() ? "" : " (INCOMPLETE: its base is not here)"));
      Set<String> held = held(c, confirmed);
      c.members().forEach(m -> lines.add("  " + m.name().substring(m.name().lastIndexOf('/') + 1)
          + (receipts == null ? "" : held.contains(m.archiveId()) ? "  [confirmed by a receipt]" : "  [not confirmed]")));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", c.source());
      doc.put("complete", c.complete());
      doc.put("newest", c.newest());
      doc.put("archives", c.members().stream().map(ArchiveChains.Member::name).toList());
      if (receipts != null) {
        doc.put("confirmed", c.members().stream().filter(m -> held.contains(m.archiveId()))
            .map(ArchiveChains.Member::name).toList());
      }
      docs.add(doc);
    }
    return CommandOutcome.ok(Map.of("location", location, "chains", docs), lines, Map.of("chains", found.size()));
  }

  /** The chain's archives a receipt names, and every archive they build on: what the other side holds. */
  private static Set<String> held(ArchiveChains.Chain chain, Set<String> confirmed) {
    Map<String, ArchiveChains.Member> byId = new LinkedHashMap<>();
    chain.members().forEach(m -> byId.put(m.archiveId(), m));
    Set<String> held = new HashSet<>();
    for (ArchiveChains.Member m : chain.members()) {
      ArchiveChains.Member at = confirmed.contains(m.archiveId()) ? m : null;
      while (at != null && held.add(at.archiveId())) { // down the bases to the chain's full archive
        at = at.baseId() == null ? null : byId.get(at.baseId());
      }
    }
    return held;
  }
}
