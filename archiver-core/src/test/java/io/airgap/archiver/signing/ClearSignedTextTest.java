package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.UntrustedArchiveException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cleartext-signed approvals and receipts, checked by stock gpg and by {@link ClearSignedText#verify}. */
class ClearSignedTextTest {
  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant SIGNED = Instant.parse("2026-12-07T10:00:00Z");
  private static final String TEXT = "{\n  \"format\": \"airgap-approval/1\",\n"
      + "  \"note\": \"looks fine \\u00e9t\\u00e9\"\n}\n-- a line that starts with a dash\ntrailing   \n";

  @TempDir static Path dir;
  private static GeneratedKeyPair alice;
  private static GeneratedKeyPair mallory;

  @BeforeAll
  static void keys() throws Exception {
    alice = SigningKeyGenerator.generate("Alice Officer <alice@example.com>", null, CREATED);
    mallory = SigningKeyGenerator.generate("Mallory <mallory@example.com>", null, CREATED);
  }

  @Test
  void signedText_verifiesWithStockGpgAndHere_returningTheSignedText() throws Exception {
    byte[] file = ClearSignedText.sign(signer(alice), TEXT, SIGNED);
    String armoured = new String(file, StandardCharsets.UTF_8);
    assertTrue(armoured.contains("\n- -- a line that starts with a dash\n"), armoured);

    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("alice.pub.asc", alice.armoredPublicKey()));
      Gpg.Result result = gpg.run("--status-fd", "1", "--verify", gpg.write("approval.asc", file).toString());
      assertEquals(0, result.exitCode(), result.stderr());
      assertTrue(result.stdout().contains("[GNUPG:] VALIDSIG " + alice.fingerprint()), result.stdout());
      // what gpg says was signed is the text we return
      Path out = dir.resolve("decoded.txt");
      gpg.ok("--output", out.toString(), "--decrypt", gpg.write("approval2.asc", file).toString());
      ClearSignedText.Verified verified = ClearSignedText.verify(file, trusted(alice), "approval.asc");
      assertEquals(Files.readString(out).stripTrailing(), verified.text());
      assertEquals(alice.fingerprint(), verified.signature().signerFingerprint());
      assertEquals("Alice Officer <alice@example.com>", verified.signature().signerUserId());
      assertEquals(SIGNED, verified.signature().signedAt());
      assertTrue(verified.text().endsWith("-- a line that starts with a dash\ntrailing"), verified.text());
    }
  }

  @Test
  void alteredText_isRefusedHereAndByStockGpg() throws Exception {
    String file = new String(ClearSignedText.sign(signer(alice), TEXT, SIGNED), StandardCharsets.UTF_8);
    byte[] altered = file.replace("looks fine", "looks fime").getBytes(StandardCharsets.UTF_8);
    assertNotEquals(file, new String(altered, StandardCharsets.UTF_8));
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
        () -> ClearSignedText.verify(altered, trusted(alice), "approval.asc"));
    assertTrue(e.getMessage().contains("altered after signing"), e.getMessage());
    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("alice.pub.asc", alice.armoredPublicKey()));
      assertEquals(1, gpg.run("--verify", gpg.write("approval.asc", altered).toString()).exitCode());
    }
  }

  @Test
  void untrustedSigner_isRefused_namingTheKey() throws Exception {
    byte[] file = ClearSignedText.sign(signer(mallory), TEXT, SIGNED);
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
        () -> ClearSignedText.verify(file, trusted(alice), "approval.asc"));
    assertTrue(e.getMessage().contains(mallory.fingerprint()), e.getMessage());
  }

  @Test
  void textOutsideTheSignedMessage_isRefused() throws Exception {
    String file = new String(ClearSignedText.sign(signer(alice), TEXT, SIGNED), StandardCharsets.UTF_8);
    for (String bad : List.of(
        "unsigned preamble\n" + file,
        file + "unsigned trailer\n",
        file.replace("Hash: SHA512", "Hash: MD5"),
        file.replace("Hash: SHA512\n", "Hash: SHA512\nComment: x\n"),
        file.replace("\n- -- a line", "\n-- a line"),
        file.substring(0, file.indexOf("-----END PGP SIGNATURE-----")))) {
      UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
          () -> ClearSignedText.verify(bad.getBytes(StandardCharsets.UTF_8), trusted(alice), "approval.asc"));
      assertTrue(e.getMessage().startsWith("approval.asc"), e.getMessage());
    }
  }

  private static ArchiveSigner signer(GeneratedKeyPair pair) throws Exception {
    return ArchiveSigner.load(Files.writeString(dir.resolve(pair.fingerprint() + ".sec.asc"), pair.armoredSecretKey()),
        null);
  }

  private static TrustedKeys trusted(GeneratedKeyPair pair) throws Exception {
    return TrustedKeys.load(List.of(Files.writeString(dir.resolve(pair.fingerprint() + ".pub.asc"),
        pair.armoredPublicKey())));
  }
}
