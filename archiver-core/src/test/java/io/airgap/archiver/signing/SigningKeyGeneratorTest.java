package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyGeneratorTest {
  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00.750Z");
  private static final byte[] DATA = "abc  file.tar.gz\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void unprotectedKey_isImportedByGpgAsEd25519WithTheSameFingerprint_andGpgSignsWithIt() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Archiver <ops@example.com>", null, CREATED);

    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("key.sec.asc", pair.armoredSecretKey()));
      assertEd25519Key(gpg, pair.fingerprint());
      String packets = gpg.ok("--list-packets", gpg.write("k.asc", pair.armoredSecretKey()).toString());
      assertFalse(packets.contains("S2K"), packets);

      // gpg can use the secret key, not only parse it: it makes a signature our verifier accepts.
      Path data = gpg.write("SHA256SUMS", DATA);
      gpg.ok("--local-user", pair.fingerprint(), "--detach-sign", "--armor", data.toString());
      byte[] signature = Files.readAllBytes(Path.of(data + ".asc"));
      TrustedKeys trusted = TrustedKeys.load(List.of(Files.writeString(dir.resolve("k.asc"), pair.armoredPublicKey())));
      assertEquals(pair.fingerprint(), SignatureVerifier.verify(DATA, signature, trusted).signerFingerprint());
    }
  }

  @Test
  void protectedKey_usesAes256AndIteratedSaltedSha256_andGpgUnlocksItWithThePassphrase() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Archiver <ops@example.com>", "s3cret".toCharArray(), CREATED);

    try (Gpg gpg = new Gpg()) {
      String packets = gpg.ok("--list-packets", gpg.write("k.asc", pair.armoredSecretKey()).toString());
      assertTrue(packets.contains("iter+salt S2K, algo: 9, SHA1 protection, hash: 8"), packets);

      gpg.importKey(gpg.write("key.sec.asc", pair.armoredSecretKey()));
      assertEd25519Key(gpg, pair.fingerprint());
      Path data = gpg.write("SHA256SUMS", DATA);
      assertFalse(gpg.run(Gpg.withPassphrase("wrong", "--local-user", pair.fingerprint(), "--detach-sign",
          data.toString())).exitCode() == 0, "gpg must refuse a wrong passphrase");
      gpg.okWithPassphrase("s3cret", "--local-user", pair.fingerprint(), "--detach-sign", data.toString());
    }
  }

  @Test
  void publicKey_hasCertifyAndSignFlags_sha512Preference_andIsSelfSignedAtCreation() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Archiver <ops@example.com>", null, CREATED);

    try (Gpg gpg = new Gpg()) {
      String packets = gpg.ok("--list-packets", gpg.write("k.asc", pair.armoredPublicKey()).toString());
      assertTrue(packets.contains("version 4, algo 22, created 1714564800"), packets);
      assertTrue(packets.contains("sigclass 0x13"), packets);
      assertTrue(packets.contains("digest algo 10"), packets);
      assertTrue(packets.contains("key flags: 03"), packets);
      assertTrue(packets.contains("pref-hash-algos: 10 8"), packets);
      assertTrue(packets.contains("hashed subpkt 2 len 4 (sig created 2024-05-01)"), packets);
      assertFalse(pair.armoredPublicKey().contains("Version:"), pair.armoredPublicKey());

      gpg.importKey(gpg.write("k.pub.asc", pair.armoredPublicKey()));
      assertEd25519Key(gpg, pair.fingerprint());
    }
  }

  @Test
  void loadedKey_reportsTheFingerprintAndCreationTimeInWholeSeconds() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Archiver <ops@example.com>", "pw".toCharArray(), CREATED);

    ArchiveSigner signer =
        ArchiveSigner.load(Files.writeString(dir.resolve("k.asc"), pair.armoredSecretKey()), "pw".toCharArray());

    assertEquals(pair.fingerprint(), signer.fingerprint());
    assertEquals(Instant.parse("2024-05-01T12:00:00Z"), signer.keyCreationTime());
    assertTrue(pair.fingerprint().matches("[0-9A-F]{40}"), pair.fingerprint());
  }

  private static void assertEd25519Key(Gpg gpg, String fingerprint) {
    List<String[]> lines = gpg.colonLines("--list-keys");
    String[] pub = lines.stream().filter(f -> f[0].equals("pub")).findFirst().orElseThrow();
    assertEquals("22", pub[3], "public-key algorithm");
    assertEquals("ed25519", pub[16], "curve");
    assertEquals(List.of(fingerprint), gpg.fingerprints());
  }
}
