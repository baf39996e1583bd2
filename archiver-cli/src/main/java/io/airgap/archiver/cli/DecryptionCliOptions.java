package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The secret key that opens encrypted archives ({@code .tar.gz.gpg}); its passphrase never comes from argv. */
final class DecryptionCliOptions {
  @Option(names = "--decrypt-key", paramLabel = "SECRET-KEYFILE", description = "Secret key that opens encrypted archives (.tar.gz.gpg): archiver-encryption-secret.asc, or gpg --export-secret-keys. Passphrase: $ARCHIVER_KEY_PASSPHRASE or --passphrase-file.")
  Path key;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File whose first line is the --decrypt-key passphrase.")
  Path passphraseFile;

  /** The key file, or null. */
  Path key() {
    return key;
  }

  /** The passphrase for {@link #key()}, or null when there is no key or it is unprotected. */
  char[] passphrase(Map<String, String> env) throws InvalidRequestException {
    return key == null ? null : Passphrases.read(passphraseFile, env);
  }
}
