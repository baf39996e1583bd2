package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSignerTest {
  private static final Instant KEY_CREATED = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant SIGNED = Instant.parse("2025-02-03T04:05:06.789Z");
  private static final byte[] DATA = "0123abcd  repos/app.bundle\n".getBytes(StandardCharsets.UTF_8);

  private static GeneratedKeyPair protectedPair;
  private static GeneratedKeyPair plainPair;

  @TempDir Path dir;

  @BeforeAll
  static void generateKeys() throws Exception {
    protectedPair =
        SigningKeyGenerator.generate("Archiver <ops@example.com>", "pass phrase".toCharArray(), KEY_CREATED);
    plainPair = SigningKeyGenerator.generate("Plain <plain@example.com>", new char[0], KEY_CREATED);
  }

  @Test
  void signature_verifiesWithGpgAndWithSignatureVerifier() throws Exception {
    ArchiveSigner signer =
        ArchiveSigner.load(write("k.asc", protectedPair.armoredSecretKey()), "pass phrase".toCharArray());
    byte[] signature = signer.sign(DATA, SIGNED);

    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("k.pub.asc", protectedPair.armoredPublicKey()));
      Gpg.Result result = gpg.verify(gpg.write("SHA256SUMS.asc", signature), gpg.write("SHA256SUMS", DATA));
      assertEquals(0, result.exitCode(), result.stderr());
      String fpr = protectedPair.fingerprint();
      // VALIDSIG <signing key fpr> <date> <timestamp> <expiry> <version> <reserved> <pk algo> <hash algo> <class>
      //     <primary fpr>
      assertTrue(result.stdout().contains("[GNUPG:] VALIDSIG " + fpr + " 2025-02-03 1738555506 0 4 0 22 10 00 " + fpr),
          result.stdout());
    }
    SignatureCheck check = SignatureVerifier.verify(DATA, signature, trusted(protectedPair));
    assertEquals(new SignatureCheck(protectedPair.fingerprint(), Instant.parse("2025-02-03T04:05:06Z"),
        "Archiver <ops@example.com>"), check);
  }

  @Test
  void signature_isV4BinaryDocumentWithSha512_andCarriesIssuerKeyIdAndFingerprint() throws Exception {
    byte[] signature = ArchiveSigner.load(write("k.asc", plainPair.armoredSecretKey()), null).sign(DATA, SIGNED);

    try (Gpg gpg = new Gpg()) {
      String packets = gpg.ok("--list-packets", gpg.write("s.asc", signature).toString());
      assertTrue(packets.contains("version 4, created 1738555506, md5len 0, sigclass 0x00"), packets);
      assertTrue(packets.contains("digest algo 10"), packets);
      assertTrue(packets.contains("subpkt 16 len 8 (issuer key ID " + plainPair.fingerprint().substring(24)), packets);
      assertTrue(packets.contains("subpkt 33 len 21 (issuer fpr v4 " + plainPair.fingerprint()), packets);
    }
  }

  @Test
  void sameKeyDataAndTime_giveByteIdenticalArmourWithoutVersionHeader() throws Exception {
    Path key = write("k.asc", protectedPair.armoredSecretKey());
    byte[] first = ArchiveSigner.load(key, "pass phrase".toCharArray()).sign(DATA, SIGNED);
    byte[] second = ArchiveSigner.load(key, "pass phrase".toCharArray()).sign(DATA, SIGNED);

    assertArrayEquals(first, second);
    String armour = new String(first, StandardCharsets.US_ASCII);
    assertTrue(armour.startsWith("-----BEGIN PGP SIGNATURE-----\n\n"), armour);
    assertFalse(armour.contains("Version:"), armour);
    assertFalse(armour.contains("\r"), armour);
  }

  @Test
  void signatureTime_isRaisedToKeyCreation_andTruncatedToWholeSeconds() throws Exception {
    ArchiveSigner signer = ArchiveSigner.load(write("k.asc", plainPair.armoredSecretKey()), null);
    TrustedKeys trusted = trusted(plainPair);

    Instant early = KEY_CREATED.minusSeconds(86_400);
    assertEquals(KEY_CREATED, SignatureVerifier.verify(DATA, signer.sign(DATA, early), trusted).signedAt());
    assertEquals(Instant.parse("2025-02-03T04:05:06Z"),
        SignatureVerifier.verify(DATA, signer.sign(DATA, SIGNED), trusted).signedAt());
  }

  @Test
  void wrongPassphrase_isRejectedWithoutRevealingIt() throws Exception {
    Path key = write("k.asc", protectedPair.armoredSecretKey());

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> ArchiveSigner.load(key, "guess-Xyzzy".toCharArray()));

    assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    assertTrue(e.getMessage().contains(protectedPair.fingerprint()), e.getMessage());
    assertFalse(e.getMessage().contains("Xyzzy"), e.getMessage());
  }

  @Test
  void protectedKeyWithoutPassphrase_isRejected() throws Exception {
    Path key = write("k.asc", protectedPair.armoredSecretKey());

    for (char[] none : new char[][] {null, new char[0]}) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ArchiveSigner.load(key, none));
      assertTrue(e.getMessage().contains("is protected by a passphrase, but none was given"), e.getMessage());
    }
  }

  @Test
  void unprotectedKey_ignoresAGivenPassphrase() throws Exception {
    Path key = write("k.asc", plainPair.armoredSecretKey());

    assertEquals(plainPair.fingerprint(), ArchiveSigner.load(key, "unused".toCharArray()).fingerprint());
  }

  @Test
  void binarySecretKeyFile_isAccepted() throws Exception {
    Path binaryFile = dir.resolve("k.gpg");
    try (Gpg gpg = new Gpg()) {
      gpg.ok("--dearmor", "--output", binaryFile.toString(), write("k.asc", plainPair.armoredSecretKey()).toString());
    }

    assertEquals(plainPair.fingerprint(), ArchiveSigner.load(binaryFile, null).fingerprint());
  }

  @Test
  void publicKeyFile_isRejectedWithAHint() throws Exception {
    Path key = write("k.pub.asc", plainPair.armoredPublicKey());

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ArchiveSigner.load(key, null));

    assertTrue(e.getMessage().contains("holds a public key, not a secret key"), e.getMessage());
    assertTrue(e.getMessage().contains("gpg --export-secret-keys"), e.getMessage());
  }

  @Test
  void missingEmptyGarbageAndOversizedFiles_areRejectedNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.asc");
    Path empty = write("empty.asc", "");
    Path text = write("notes.txt", "hello, I am not a key\n");
    Path truncated = write("cut.asc", plainPair.armoredSecretKey().substring(0, 200));
    Path huge = dir.resolve("huge.asc");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(16L * 1024 * 1024 + 1);
    }

    assertRejected(missing, "does not exist");
    assertRejected(empty, "is not an OpenPGP key file: it is empty");
    assertRejected(text, "is not an OpenPGP key file: it is neither ASCII-armoured");
    assertRejected(truncated, "is not an OpenPGP key file: the armour has no END line");
    assertRejected(huge, "is larger than 16 MiB");
    assertRejected(dir, "is a directory");
  }

  private static void assertRejected(Path file, String expected) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ArchiveSigner.load(file, null));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private TrustedKeys trusted(GeneratedKeyPair pair) throws Exception {
    return TrustedKeys.load(List.of(write(pair.fingerprint() + ".asc", pair.armoredPublicKey())));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
