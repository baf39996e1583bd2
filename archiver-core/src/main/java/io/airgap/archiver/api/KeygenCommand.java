package io.airgap.archiver.api;

import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.signing.GeneratedKeyPair;
import io.airgap.archiver.signing.SigningKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;

/** Writes a new Ed25519 OpenPGP signing key pair that stock gpg accepts. Single use. */
public final class KeygenCommand {
  public static final String SECRET_KEY_FILE = "archiver-signing-secret.asc";
  public static final String PUBLIC_KEY_FILE = "archiver-signing-public.asc";

  private Path outDir;
  private String userId = "Air-Gap Archiver <archiver@localhost>";
  private char[] passphrase;

  KeygenCommand() {}

  public KeygenCommand outDir(Path dir) { this.outDir = dir; return this; }
  public KeygenCommand userId(String uid) { this.userId = uid; return this; }
  /** Protects the secret key; null or empty leaves it unprotected. */
  public KeygenCommand passphrase(char[] secret) { this.passphrase = secret; return this; }

  public KeygenResult call() throws ArchiverException {
    if (outDir == null) {
      throw new InvalidRequestException("no output folder given for the keys");
    }
    Path secret = outDir.resolve(SECRET_KEY_FILE);
    Path pub = outDir.resolve(PUBLIC_KEY_FILE);
    for (Path p : new Path[] {secret, pub}) {
      if (Files.exists(p)) {
        throw new InvalidRequestException(p + " already exists; keygen never overwrites keys");
      }
    }
    GeneratedKeyPair keys = SigningKeyGenerator.generate(userId, passphrase, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try {
      Files.createDirectories(outDir);
      write(secret, keys.armoredSecretKey(), true);
      write(pub, keys.armoredPublicKey(), false);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRequestException(e.getMessage() + " already exists; keygen never overwrites keys");
    } catch (IOException e) {
      throw new OperationFailedException("could not write keys to " + outDir + ": " + e.getMessage(), e);
    }
    return new KeygenResult(secret, pub, keys.fingerprint(), passphrase != null && passphrase.length > 0);
  }

  private static void write(Path file, String content, boolean secret) throws IOException {
    try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
      if (secret) {
        try {
          Files.setPosixFilePermissions(out.temporaryPath(), PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: rely on the folder's permissions
        }
      }
      out.stream().write(content.getBytes(StandardCharsets.US_ASCII));
      out.commit();
    }
  }
}
