package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureVerifierTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant SIGNED = Instant.parse("2025-06-07T08:09:10Z");
  private static final byte[] DATA = "9f86d081  repos/app.bundle\n".getBytes(StandardCharsets.UTF_8);
  private static final String MALFORMED = "SHA256SUMS.asc is not a valid OpenPGP signature: ";

  private static GeneratedKeyPair alice;
  private static GeneratedKeyPair mallory;
  private static byte[] aliceSignature;

  @TempDir static Path dir;

  @BeforeAll
  static void signWithAlice() throws Exception {
    alice = SigningKeyGenerator.generate("Alice <alice@example.com>", null, CREATED);
    mallory = SigningKeyGenerator.generate("Mallory <mallory@example.com>", null, CREATED);
    aliceSignature = signer(alice).sign(DATA, SIGNED);
  }

  @Test
  void signatureByATrustedKey_namesThePrimaryKeyAndTheSigningTime() throws Exception {
    assertEquals(new SignatureCheck(alice.fingerprint(), SIGNED, "Alice <alice@example.com>"),
        SignatureVerifier.verify(DATA, aliceSignature, trusted(mallory, alice)));
  }

  @Test
  void binarySignature_verifiesLikeItsArmour() throws Exception {
    byte[] binary = dearmor(aliceSignature);

    assertEquals(alice.fingerprint(), SignatureVerifier.verify(DATA, binary, trusted(alice)).signerFingerprint());
  }

  @Test
  void alteredData_isReportedAsAlteredAfterSigning() throws Exception {
    byte[] altered = Arrays.copyOf(DATA, DATA.length);
    altered[0] ^= 1;

    assertRejected(altered, aliceSignature, trusted(alice),
        "signature does not match SHA256SUMS: the file was altered after signing");
  }

  @Test
  void signatureByAnUntrustedKey_namesTheSignerAndTheTrustedKeys() throws Exception {
    byte[] signature = signer(mallory).sign(DATA, SIGNED);

    assertRejected(DATA, signature, trusted(alice), "signed by key " + mallory.fingerprint()
        + ", which is not among the trusted keys " + alice.fingerprint());
  }

  @Test
  void garbageBytes_areNotAValidSignature() throws Exception {
    TrustedKeys trusted = trusted(alice);

    assertRejected(DATA, "not a signature at all\n".getBytes(StandardCharsets.UTF_8), trusted,
        MALFORMED + "it is neither ASCII-armoured");
    assertRejected(DATA, new byte[] {(byte) 0x89, 0x01, 0x33, 0x04, 0x00, 0x01, 0x02}, trusted,
        MALFORMED + "malformed OpenPGP packets");
    assertRejected(DATA, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, trusted, MALFORMED);
    assertRejected(DATA, new byte[0], trusted, MALFORMED + "it is empty");
  }

  @Test
  void truncatedSignatures_areNotValidSignatures() throws Exception {
    TrustedKeys trusted = trusted(alice);
    byte[] binary = dearmor(aliceSignature);

    assertRejected(DATA, Arrays.copyOf(aliceSignature, aliceSignature.length / 2), trusted,
        MALFORMED + "the armour has no END line, so the file is truncated");
    assertRejected(DATA, Arrays.copyOf(binary, binary.length - 10), trusted, MALFORMED + "malformed OpenPGP packets");
  }

  @Test
  void corruptedArmour_isRejected() throws Exception {
    String armour = new String(aliceSignature, StandardCharsets.US_ASCII);
    int body = armour.indexOf("\n\n") + 10;
    char flipped = armour.charAt(body) == 'A' ? 'B' : 'A';
    byte[] corrupted =
        (armour.substring(0, body) + flipped + armour.substring(body + 1)).getBytes(StandardCharsets.US_ASCII);

    assertThrows(UntrustedArchiveException.class, () -> SignatureVerifier.verify(DATA, corrupted, trusted(alice)));
  }

  @Test
  void oversizedInput_isRefusedUnread() throws Exception {
    byte[] huge = new byte[SignatureVerifier.MAX_SIGNATURE_BYTES + 1];
    System.arraycopy(aliceSignature, 0, huge, 0, aliceSignature.length);

    assertRejected(DATA, huge, trusted(alice), MALFORMED + "it is larger than 64 KiB");
  }

  @Test
  void keysAndKeySignatures_areNotDetachedFileSignatures() throws Exception {
    TrustedKeys trusted = trusted(alice);
    assertRejected(DATA, alice.armoredPublicKey().getBytes(StandardCharsets.US_ASCII), trusted,
        MALFORMED + "it holds a public key, not a detached signature");

    PGPPublicKeyRing ring = new PGPPublicKeyRing(dearmor(alice.armoredPublicKey().getBytes(StandardCharsets.US_ASCII)),
        new BcKeyFingerprintCalculator());
    PGPSignature userIdSignature = ring.getPublicKey().getSignatures().next();
    assertRejected(DATA, userIdSignature.getEncoded(), trusted,
        MALFORMED + "it is a signature of type 0x13, not a signature over a file");
  }

  private static void assertRejected(byte[] data, byte[] signature, TrustedKeys trusted, String expected) {
    UntrustedArchiveException e =
        assertThrows(UntrustedArchiveException.class, () -> SignatureVerifier.verify(data, signature, trusted));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static ArchiveSigner signer(GeneratedKeyPair pair) throws Exception {
    return ArchiveSigner.load(Files.writeString(dir.resolve(pair.fingerprint() + ".sec.asc"), pair.armoredSecretKey()),
        null);
  }

  private static TrustedKeys trusted(GeneratedKeyPair... pairs) throws Exception {
    List<Path> files = new java.util.ArrayList<>();
    for (GeneratedKeyPair pair : pairs) {
      files.add(Files.writeString(dir.resolve(pair.fingerprint() + ".pub.asc"), pair.armoredPublicKey()));
    }
    return TrustedKeys.load(files);
  }

  private static byte[] dearmor(byte[] armour) throws Exception {
    try (ArmoredInputStream in = new ArmoredInputStream(new ByteArrayInputStream(armour))) {
      return in.readAllBytes();
    }
  }
}
