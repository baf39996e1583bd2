package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.VerifyResult;
import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.util.Locale;
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

  @Option(names = "--require-signature", description = "Exit 3 unless the signature was checked against a trusted key"
      + " (--trust): an unsigned archive, or one verified without --trust, is refused. Default:"
      + " $ARCHIVER_REQUIRE_SIGNATURE=true, or 'require-signature: true' in the --config file.")
  boolean requireSignature;

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
    if (requireSignature && result.signature() != VerifyResult.Signature.VERIFIED) {
      throw new UntrustedArchiveException((result.signature() == VerifyResult.Signature.UNSIGNED
          ? "the archive is not signed" : "the signature was not checked: no trusted key was given (--trust KEYFILE)")
          + ", and --require-signature asks for a good signature by a trusted key; the integrity of "
          + result.archive() + " is intact");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("archive", result.archive());
    doc.put("archive_id", result.archiveId());
    doc.put("integrity", "ok");
    doc.put("signature", result.signature().name().toLowerCase(Locale.ROOT));
    doc.put("signer", result.signerFingerprint());
    doc.put("entries", result.entryCount());
    return CommandOutcome.ok(doc, List.of(
        "OK: " + result.archive() + " is intact (" + Plural.of(result.entryCount(), "entry", "entries")
            + ", archive id " + result.archiveId() + ")",
        describe(result, archive)), Map.of("archive_size_bytes", result.archiveSize(), "entries", result.entryCount()));
  }

  /** The last line: what was established about the signature, and when it was not checked, how to check it. */
  static String describe(VerifyResult result, String archive) {
    if (result.signature() == VerifyResult.Signature.VERIFIED) {
      return "Signature: good, made by trusted key " + result.signerFingerprint();
    }
    if (result.signature() == VerifyResult.Signature.UNSIGNED) {
      return "Signature: NONE - the archive is not signed, so only its integrity was checked; anyone could have"
          + " made it (--require-signature refuses such archives with exit 3)";
    }
    String signer = result.manifest().signer();
    return "Signature: NOT CHECKED - only the integrity was checked" + (signer == null ? "" : "; the manifest names"
        + " signer " + signer + ", which only a check can confirm") + ". Check it with 'archiver verify " + archive
        + " --trust KEYFILE', or with stock gpgv (restore-scripts/verify.sh KEYFILE in the extracted archive)";
  }
}
