package io.airgap.archiver.cli;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.archive.ArchiveChains;
import io.airgap.archiver.internal.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver prune}: retention for archive locations, whole chains at a time. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {"Delete old archives at a location (s3://bucket/prefix or a folder), keeping the newest N chains of"
        + " each source; a chain (a full archive and its incrementals) is deleted whole or not at all.",
        "Encrypted archives keep their chain facts sealed: give --decrypt-key, else prune deletes nothing (exit 2)."})
final class PruneCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "LOCATION", description = "s3://bucket/prefix or a local folder.")
  String location;

  @Option(names = "--keep-chains", paramLabel = "N", required = true,
      description = "How many of each source's newest chains to keep (at least 1).")
  int keepChains;

  @Option(names = "--dry-run", description = "Say what would be deleted; delete nothing.")
  boolean dryRun;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  PruneCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "prune";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    session.header("prune " + Redaction.url(location), Map.of("location", Redaction.url(location),
        "keep_chains", keepChains));
    List<ArchiveChains.Chain> deleted = Archiver.transfer().storeOptions(store.toOptions(context.env))
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .environment(context.env).progress(session.listener()).prune(location, keepChains, dryRun);
    List<String> names = new ArrayList<>();
    deleted.forEach(c -> c.members().forEach(m -> names.add(m.name())));
    String verb = dryRun ? "Would delete " : "Deleted ";
    List<String> lines = new ArrayList<>();
    lines.add(verb + Plural.of(deleted.size(), "chain") + ", " + Plural.of(names.size(), "archive") + " at " + location
        + "; kept the newest " + keepChains + " of each source");
    names.forEach(n -> lines.add("  " + n));
    return CommandOutcome.ok(Map.of("location", location, "dry_run", dryRun, "deleted", names),
        lines, Map.of("archives_deleted", dryRun ? 0 : names.size()));
  }
}
