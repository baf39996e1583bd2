package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.KeygenCommand;
import io.airgap.archiver.api.KeygenResult;
import io.airgap.archiver.base.InvalidRequestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archiver keygen}: a new signing (or, with --purpose encrypt, encryption) key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Write a new OpenPGP key pair (secret and public .asc files) that gpg accepts (Ed25519 for signing,"
        + " or with --purpose encrypt a Curve25519 encryption key for the air-gapped side).")
final class KeygenCli extends ArchiverCommand {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the key files.")
  Path out;

  @Option(names = "--uid", paramLabel = "USER-ID", description = "User id of the key. Default: ${DEFAULT-VALUE}.")
  String uid = "Air-Gap Archiver <archiver@localhost>";

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Protect the secret key with the first line of FILE (else $ARCHIVER_KEY_PASSPHRASE).")
  Path passphraseFile;

  @Option(names = "--purpose", paramLabel = "sign|encrypt", description = "sign (default): archiver-signing-*.asc for --sign-key/--trust; encrypt: archiver-encryption-*.asc for --encrypt-to/--decrypt-key.")
  String purpose = "sign";

  KeygenCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "keygen";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    KeygenCommand.Purpose what = switch (purpose.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "sign" -> KeygenCommand.Purpose.SIGN;
      case "encrypt" -> KeygenCommand.Purpose.ENCRYPT;
      default -> throw new InvalidRequestException("--purpose must be sign or encrypt, not '" + purpose + "'");
    };
    char[] passphrase = Passphrases.read(passphraseFile, context.env);
    KeygenResult result = Archiver.keygen().outDir(out).userId(uid).passphrase(passphrase).purpose(what).call();
    boolean encrypt = what == KeygenCommand.Purpose.ENCRYPT;
    if (!result.passphraseProtected()) {
      session.listener().warn("the secret key is not protected by a passphrase; set "
          + Passphrases.VARIABLE + " or use --passphrase-file to protect it");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("secret_key", result.secretKey().toString());
    doc.put("public_key", result.publicKey().toString());
    doc.put("fingerprint", result.fingerprint());
    doc.put("passphrase_protected", result.passphraseProtected());
    return CommandOutcome.ok(doc, List.of(
        "Secret key:  " + result.secretKey() + (encrypt ? " (keep it on the air-gapped side: --decrypt-key)"
            : " (keep it on the connected side)"),
        "Public key:  " + result.publicKey() + (encrypt ? " (give it to the connected side: --encrypt-to)"
            : " (give it to the air-gapped side: --trust)"),
        "Fingerprint: " + result.fingerprint()), Map.of());
  }
}
