package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code archiver pull}: an archive from a store into a folder. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Download LOCATION/NAME.tar.gz into a folder, checksum verified, under a temporary name until complete. A split archive comes whole: every part checked against its .parts.json, the index last.")
final class PullCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "LOCATION/NAME", description = "The archive to download, e.g. s3://bucket/prefix/app-full-20261121T120000Z.tar.gz; for a split archive its .parts.json, any part, or a prefix holding only it.")
  String archive;

  @Parameters(index = "1", paramLabel = "DIR", description = "Folder to download into.")
  Path folder;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  PullCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "pull";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    session.header("pull " + archive, Map.of("into", folder));
    Path pulled = Archiver.transfer().storeOptions(store.toOptions(context.env)).decryptKey(decryption.key(), decryption.passphrase(context.env)).environment(context.env)
        .progress(session.listener()).pull(archive, folder);
    return CommandOutcome.ok(Map.of("archive", pulled.toString()), List.of("Pulled " + archive + " to " + pulled),
        Map.of());
  }
}
