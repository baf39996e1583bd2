package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Keys and signatures made by gpg itself, read and checked by this package, and the other way round. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpgInteropTest {
  private static final byte[] DATA = "5e88  repos/tool.bundle\n".getBytes(StandardCharsets.UTF_8);
  private static final Instant SIGNED = Instant.parse("2030-01-02T03:04:05Z");

  private Gpg gpg;
  private String rsaFpr;
  private String edFpr;
  private String edSubkeyFpr;
  private String shortFpr;
  private String p256Fpr;
  private String p384Fpr;
  private Path data;

  @BeforeAll
  void generateKeysWithGpg() {
    gpg = new Gpg();
    rsaFpr = created(gpg.okWithPassphrase("rsa-pass", "--status-fd", "1",
        "--quick-gen-key", "Rsa Test <rsa@example.com>", "rsa3072", "sign", "never"), "P");
    edFpr = created(gpg.okWithPassphrase("ed-pass", "--status-fd", "1",
        "--quick-gen-key", "Ed Test <ed@example.com>", "ed25519", "cert", "never"), "P");
    edSubkeyFpr = created(gpg.okWithPassphrase("ed-pass", "--status-fd", "1",
        "--quick-add-key", edFpr, "ed25519", "sign", "never"), "S");
    shortFpr = created(gpg.okWithPassphrase("", "--status-fd", "1",
        "--quick-gen-key", "Short <short@example.com>", "ed25519", "cert", "never"), "P");
    gpg.okWithPassphrase("", "--quick-add-key", shortFpr, "ed25519", "sign", "1d");
    p256Fpr = created(gpg.okWithPassphrase("", "--status-fd", "1",
        "--quick-gen-key", "P256 <p256@example.com>", "nistp256", "sign", "never"), "P");
    p384Fpr = created(gpg.okWithPassphrase("", "--status-fd", "1",
        "--quick-gen-key", "P384 <p384@example.com>", "nistp384", "sign", "never"), "P");
    data = gpg.write("SHA256SUMS", DATA);
  }

  @AfterAll
  void stopGpg() {
    gpg.close();
  }

  @Test
  void rsaKeyFromGpg_signsSignaturesThatGpgAndSignatureVerifierAccept() throws Exception {
    ArchiveSigner signer = ArchiveSigner.load(secretKey(rsaFpr, "rsa-pass"), "rsa-pass".toCharArray());
    assertEquals(rsaFpr, signer.fingerprint());

    byte[] signature = signer.sign(DATA, SIGNED);

    Gpg.Result result = gpg.verify(gpg.write("rsa.sig.asc", signature), data);
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(
        result.stdout().contains("[GNUPG:] VALIDSIG " + rsaFpr + " 2030-01-02 1893553445 0 4 0 1 8 00 " + rsaFpr),
        result.stdout());
    assertEquals(new SignatureCheck(rsaFpr, SIGNED, "Rsa Test <rsa@example.com>"), SignatureVerifier.verify(DATA, signature, trusted(rsaFpr)));
  }

  @Test
  void rsaSignatures_areByteIdenticalForTheSameKeyDataAndTime() throws Exception {
    Path key = secretKey(rsaFpr, "rsa-pass");

    byte[] first = ArchiveSigner.load(key, "rsa-pass".toCharArray()).sign(DATA, SIGNED);
    byte[] second = ArchiveSigner.load(key, "rsa-pass".toCharArray()).sign(DATA, SIGNED);

    assertArrayEquals(first, second);
  }

  @Test
  void ed25519KeyWithSigningSubkeyFromGpg_signsWithTheSubkey() throws Exception {
    ArchiveSigner signer = ArchiveSigner.load(secretKey(edFpr, "ed-pass"), "ed-pass".toCharArray());
    assertEquals(edFpr, signer.fingerprint());

    byte[] signature = signer.sign(DATA, SIGNED);

    Gpg.Result result = gpg.verify(gpg.write("ed.sig.asc", signature), data);
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(result.stdout().contains("[GNUPG:] VALIDSIG " + edSubkeyFpr + " 2030-01-02 1893553445 0 4 0 22 10 00 "
        + edFpr), result.stdout());
    assertEquals(new SignatureCheck(edFpr, SIGNED, "Ed Test <ed@example.com>"), SignatureVerifier.verify(DATA, signature, trusted(edFpr)));
  }

  @Test
  void subkeysOnlyExport_withoutThePrimarySecret_signsWithTheSubkey() throws Exception {
    Path key = gpg.write("ed-subkeys.sec.asc",
        gpg.okWithPassphrase("ed-pass", "--armor", "--export-secret-subkeys", edFpr));
    ArchiveSigner signer = ArchiveSigner.load(key, "ed-pass".toCharArray());

    assertEquals(edFpr, signer.fingerprint());
    assertEquals(edFpr, SignatureVerifier.verify(DATA, signer.sign(DATA, SIGNED), trusted(edFpr)).signerFingerprint());
  }

  @Test
  void ecdsaKeysFromGpg_signWithAHashAsLongAsTheCurve() throws Exception {
    // gpg insists that ECDSA over P-384 uses at least a 384-bit hash; P-256 takes SHA-256.
    for (List<String> keyAndHash : List.of(List.of(p256Fpr, "8"), List.of(p384Fpr, "9"))) {
      String fpr = keyAndHash.get(0);
      byte[] signature = ArchiveSigner.load(secretKey(fpr, ""), null).sign(DATA, SIGNED);

      Gpg.Result result = gpg.verify(gpg.write(fpr + ".sig.asc", signature), data);
      assertEquals(0, result.exitCode(), result.stderr());
      assertTrue(result.stdout().contains(" 0 4 0 19 " + keyAndHash.get(1) + " 00 " + fpr), result.stdout());
      assertEquals(fpr, SignatureVerifier.verify(DATA, signature, trusted(fpr)).signerFingerprint());
    }
  }

  @Test
  void wrongPassphraseForGpgKeys_isRejected() throws Exception {
    for (String fpr : List.of(rsaFpr, edFpr)) {
      Path key = secretKey(fpr, fpr.equals(rsaFpr) ? "rsa-pass" : "ed-pass");
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> ArchiveSigner.load(key, "not-it".toCharArray()));
      assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    }
  }

  @Test
  void detachedSignaturesMadeByGpg_verifyWithSignatureVerifier() throws Exception {
    List<List<String>> keyPassphraseAndMode = List.of(
        List.of(rsaFpr, "rsa-pass", "--armor"),
        List.of(edFpr, "ed-pass", "--armor"),
        List.of(edFpr, "ed-pass", "--no-armor"),
        List.of(rsaFpr, "rsa-pass", "--textmode"));
    for (List<String> signing : keyPassphraseAndMode) {
      String fpr = signing.get(0);
      Path signature = gpg.file(fpr + signing.get(2) + ".sig");
      gpg.okWithPassphrase(signing.get(1), "--local-user", fpr, "--output", signature.toString(), signing.get(2),
          "--detach-sign", data.toString());

      SignatureCheck check = SignatureVerifier.verify(DATA, Files.readAllBytes(signature), trusted(fpr));

      assertEquals(fpr, check.signerFingerprint(), signing.toString());
      assertTrue(Duration.between(check.signedAt(), Instant.now()).abs().toMinutes() < 5, check.toString());
    }
  }

  @Test
  void signatureMadeAfterTheSigningSubkeyExpired_isRejected_butOneMadeBeforeIsAccepted() throws Exception {
    ArchiveSigner signer = ArchiveSigner.load(secretKey(shortFpr, ""), null);
    TrustedKeys trusted = trusted(shortFpr);
    Instant now = Instant.now();

    assertEquals(shortFpr, SignatureVerifier.verify(DATA, signer.sign(DATA, now), trusted).signerFingerprint());
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
        () -> SignatureVerifier.verify(DATA, signer.sign(DATA, now.plus(Duration.ofDays(2))), trusted));
    assertTrue(e.getMessage().contains("(subkey of " + shortFpr + "), which expired on "), e.getMessage());
  }

  @Test
  void revokedPrimaryKey_voidsEvenSignaturesMadeBeforeTheRevocation() throws Exception {
    byte[] signature = ArchiveSigner.load(secretKey(rsaFpr, "rsa-pass"), "rsa-pass".toCharArray())
        .sign(DATA, Instant.now().minus(Duration.ofDays(1)));
    // gpg defuses its revocation certificate with a leading ':'; importing it revokes the key for good.
    String certificate = Files.readString(gpg.home().resolve("openpgp-revocs.d").resolve(rsaFpr + ".rev"))
        .replace(":-----BEGIN", "-----BEGIN");
    Path revoked = gpg.file("rsa-revoked.pub.asc");
    try (Gpg other = new Gpg()) {
      other.importKey(publicKey(rsaFpr));
      other.importKey(other.write("rsa.rev", certificate));
      other.ok("--armor", "--output", revoked.toString(), "--export", rsaFpr);
    }

    // The unrevoked copy is loaded too: merging must keep the revocation.
    TrustedKeys trusted = TrustedKeys.load(List.of(publicKey(rsaFpr), revoked));

    UntrustedArchiveException e =
        assertThrows(UntrustedArchiveException.class, () -> SignatureVerifier.verify(DATA, signature, trusted));
    assertTrue(e.getMessage().contains("by key " + rsaFpr + ", which was revoked on "), e.getMessage());
  }

  @Test
  void revokedSigningSubkey_isRejected_unlessSoftlyRevokedAfterSigning() throws Exception {
    Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] signature =
        ArchiveSigner.load(secretKey(edFpr, "ed-pass"), "ed-pass".toCharArray()).sign(DATA, signedAt);
    Instant later = signedAt.plus(Duration.ofHours(1));
    Instant earlier = signedAt.minusSeconds(1);

    assertEquals(edFpr, SignatureVerifier.verify(DATA, signature,
        revokeSubkey(RevocationReasonTags.KEY_SUPERSEDED, later)).signerFingerprint());
    for (TrustedKeys revoked : List.of(
        revokeSubkey(RevocationReasonTags.KEY_COMPROMISED, later),
        revokeSubkey(RevocationReasonTags.KEY_RETIRED, earlier))) {
      UntrustedArchiveException e =
          assertThrows(UntrustedArchiveException.class, () -> SignatureVerifier.verify(DATA, signature, revoked));
      assertTrue(e.getMessage().contains("(subkey of " + edFpr + "), which was revoked on "), e.getMessage());
    }
  }

  /** The ed key's certificate plus a subkey revocation made with its primary key, as gpg would make it. */
  private TrustedKeys revokeSubkey(byte reason, Instant when) throws Exception {
    PGPSecretKeyRing ring;
    try (ArmoredInputStream in = new ArmoredInputStream(Files.newInputStream(secretKey(edFpr, "ed-pass")))) {
      ring = new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator());
    }
    PGPPrivateKey primaryKey = ring.getSecretKey().extractPrivateKey(
        new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build("ed-pass".toCharArray()));
    PGPPublicKeyRing certificate = ring.toCertificate();
    PGPPublicKey primary = certificate.getPublicKey();
    PGPPublicKey subkey = certificate.getPublicKey(Hex.decode(edSubkeyFpr));

    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(when));
    hashed.setRevocationReason(false, reason, "");
    PGPSignatureGenerator generator = new PGPSignatureGenerator(
        new BcPGPContentSignerBuilder(primary.getAlgorithm(), HashAlgorithmTags.SHA512), primary);
    generator.setHashedSubpackets(hashed.generate());
    generator.init(PGPSignature.SUBKEY_REVOCATION, primaryKey);
    PGPSignature revocation = generator.generateCertification(primary, subkey);
    certificate = PGPPublicKeyRing.insertPublicKey(certificate, PGPPublicKey.addCertification(subkey, revocation));

    ByteArrayOutputStream armoured = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(armoured)) {
      certificate.encode(out);
    }
    return TrustedKeys.load(List.of(gpg.write("ed-revoked-" + reason + "-" + when.getEpochSecond() + ".asc",
        armoured.toByteArray())));
  }

  private TrustedKeys trusted(String fpr) throws Exception {
    return TrustedKeys.load(List.of(publicKey(fpr)));
  }

  private Path publicKey(String fpr) {
    Path file = gpg.file(fpr + ".pub.asc");
    if (!Files.exists(file)) {
      gpg.write(fpr + ".pub.asc", gpg.ok("--armor", "--export", fpr));
    }
    return file;
  }

  private Path secretKey(String fpr, String passphrase) {
    Path file = gpg.file(fpr + ".sec.asc");
    if (!Files.exists(file)) {
      gpg.write(fpr + ".sec.asc", gpg.okWithPassphrase(passphrase, "--armor", "--export-secret-keys", fpr));
    }
    return file;
  }

  /** The fingerprint in gpg's "KEY_CREATED P|S|B fpr" status line. */
  private static String created(String status, String type) {
    return status.lines()
        .filter(l -> l.startsWith("[GNUPG:] KEY_CREATED "))
        .map(l -> l.split(" "))
        .filter(f -> f[2].equals(type) || f[2].equals("B"))
        .map(f -> f[3])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no KEY_CREATED in " + status));
  }
}
