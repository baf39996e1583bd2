package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.internal.Redaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code archiver push}: an archive file to a store or folder. */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Upload an archive to a location (s3://bucket/prefix or a folder), checksum verified; nothing half-uploaded stays visible. A split archive moves whole: every part checked against its .parts.json, the index last.")
final class PushCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The .tar.gz archive file, or a split archive: its .parts.json, any part, or its folder.")
  Path archive;

  @Parameters(index = "1", paramLabel = "LOCATION", description = "s3://bucket/prefix or a local folder.")
  String location;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  PushCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "push";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    session.header("push " + archive, Map.of("to", Redaction.url(location)));
    String stored = Archiver.transfer().storeOptions(store.toOptions(context.env)).decryptKey(decryption.key(), decryption.passphrase(context.env)).environment(context.env)
        .progress(session.listener()).push(archive, location);
    return CommandOutcome.ok(Map.of("archive", stored), List.of("Pushed " + archive + " to " + stored), Map.of());
  }
}
