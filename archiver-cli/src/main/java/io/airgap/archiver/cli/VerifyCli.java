package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.VerifyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver verify}: integrity and signature check. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check an archive's integrity and, with --trust, its signature. Exit 3 if it is not trustworthy.")
final class VerifyCli extends ArchiverCommand {

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: a .tar.gz file, a split archive (its .parts.json, a part, or its folder), or s3://bucket/prefix/name.tar.gz.")
  String archive;

  @Option(names = "--require-signer", split = ",", paramLabel = "FINGERPRINT", description = "Accept only signatures by this key fingerprint (repeatable); the key must also be in --trust.")
  List<String> requireSigners = new ArrayList<>();

  @Option(names = "--deep", description = "Also unbundle the pack into a scratch repository, as restore does, and check it holds the complete history of every ref (full archives).")
  boolean deep;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  @Option(names = "--trust", split = ",", paramLabel = "KEYFILE", description = "Trusted public key file(s) or folder. Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  VerifyCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "verify";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    session.header("verify " + archive, Map.of("archive", archive));
    VerifyResult result = Archiver.verify().archive(archive).trustedKeys(trust).requireSigners(requireSigners).deep(deep).decryptKey(decryption.key(), decryption.passphrase(context.env))
        .storeOptions(store.toOptions(context.env)).environment(context.env).progress(session.listener()).call();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("archive", result.archive());
    doc.put("archive_id", result.archiveId());
    doc.put("integrity", "ok");
    doc.put("signature", result.signature().name().toLowerCase());
    doc.put("signer", result.signerFingerprint());
    doc.put("entries", result.entryCount());
    return CommandOutcome.ok(doc, List.of(
        "OK: " + result.archive() + " is intact (" + result.entryCount() + " entries, archive id " + result.archiveId() + ")",
        describe(result)), Map.of("archive_size_bytes", result.archiveSize(), "entries", result.entryCount()));
  }

  static String describe(VerifyResult result) {
    if (result.signature() == VerifyResult.Signature.VERIFIED) {
      return "Signature: good, made by trusted key " + result.signerFingerprint();
    }
    if (result.signature() == VerifyResult.Signature.UNSIGNED) {
      return "Signature: NONE - the archive is not signed; only its integrity was checked";
    }
    return "Signature: NOT CHECKED - pass --trust KEYFILE to check it (manifest names signer "
        + result.manifest().signer() + ")";
  }
}
