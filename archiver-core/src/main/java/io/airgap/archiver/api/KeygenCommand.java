package io.airgap.archiver.api;

import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.signing.EncryptionKeyGenerator;
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

/**
 * Writes a new OpenPGP key pair that stock gpg accepts: an Ed25519 signing key (the connected side's), or an
 * encryption key (the air-gapped side's, for {@code create --encrypt-to}). Single use.
 */
public final class KeygenCommand {
  public static final String SECRET_KEY_FILE = "archiver-signing-secret.asc";
  public static final String PUBLIC_KEY_FILE = "archiver-signing-public.asc";
  public static final String ENCRYPTION_SECRET_KEY_FILE = "archiver-encryption-secret.asc";
  public static final String ENCRYPTION_PUBLIC_KEY_FILE = "archiver-encryption-public.asc";

  /** What the key is for; the file names say it, so the two kinds are not mixed up. */
  public enum Purpose { SIGN, ENCRYPT }

  private Path outDir;
  private String userId = "Air-Gap Archiver <archiver@localhost>";
  private char[] passphrase;
  private Purpose purpose = Purpose.SIGN;

  KeygenCommand() {}

  public KeygenCommand purpose(Purpose what) { this.purpose = what; return this; }

  public KeygenCommand outDir(Path dir) { this.outDir = dir; return this; }
  public KeygenCommand userId(String uid) { this.userId = uid; return this; }
  /** Protects the secret key; null or empty leaves it unprotected. */
  public KeygenCommand passphrase(char[] secret) { this.passphrase = secret; return this; }

  public KeygenResult call() throws ArchiverException {
    if (outDir == null) {
      throw new InvalidRequestException("no output folder given for the keys");
    }
    boolean encrypt = purpose == Purpose.ENCRYPT;
    Path secret = outDir.resolve(encrypt ? ENCRYPTION_SECRET_KEY_FILE : SECRET_KEY_FILE);
    Path pub = outDir.resolve(encrypt ? ENCRYPTION_PUBLIC_KEY_FILE : PUBLIC_KEY_FILE);
    for (Path p : new Path[] {secret, pub}) {
      if (Files.exists(p)) {
        throw new InvalidRequestException(p + " already exists; keygen never overwrites keys");
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    GeneratedKeyPair keys = encrypt ? EncryptionKeyGenerator.generate(userId, passphrase, now)
        : SigningKeyGenerator.generate(userId, passphrase, now);
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
