package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

  private static GeneratedKeyPair first;
  private static GeneratedKeyPair second;

  @TempDir Path dir;

  @BeforeAll
  static void generateKeys() throws Exception {
    first = SigningKeyGenerator.generate("First <first@example.com>", null, CREATED);
    second = SigningKeyGenerator.generate("Second <second@example.com>", null, CREATED);
  }

  @Test
  void armouredFileWithSeveralKeysExportedByGpg_yieldsEveryKey() throws Exception {
    Path both = dir.resolve("both.asc");
    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("1.asc", first.armoredPublicKey()));
      gpg.importKey(gpg.write("2.asc", second.armoredPublicKey()));
      gpg.ok("--armor", "--output", both.toString(), "--export", first.fingerprint(), second.fingerprint());
    }

    assertEquals(Set.of(first.fingerprint(), second.fingerprint()),
        Set.copyOf(TrustedKeys.load(List.of(both)).fingerprints()));
  }

  @Test
  void concatenatedArmourBlocks_yieldEveryKeyInOrder() throws Exception {
    Path both = Files.writeString(dir.resolve("both.asc"), first.armoredPublicKey() + second.armoredPublicKey());

    assertEquals(List.of(first.fingerprint(), second.fingerprint()), TrustedKeys.load(List.of(both)).fingerprints());
  }

  @Test
  void directory_yieldsTheKeysOfItsKeyFilesOnly() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    Files.writeString(keys.resolve("a.asc"), first.armoredPublicKey());
    try (Gpg gpg = new Gpg()) {
      gpg.importKey(gpg.write("2.asc", second.armoredPublicKey()));
      gpg.ok("--output", keys.resolve("b.GPG").toString(), "--export", second.fingerprint()); // binary
    }
    Files.writeString(keys.resolve("README.txt"), "these are the keys we trust\n");
    Files.createDirectory(keys.resolve("old.asc"));

    assertEquals(List.of(first.fingerprint(), second.fingerprint()), TrustedKeys.load(List.of(keys)).fingerprints());
  }

  @Test
  void secretKeyFile_contributesItsPublicPart() throws Exception {
    Path secret = Files.writeString(dir.resolve("first.sec.asc"), first.armoredSecretKey());
    byte[] signature = ArchiveSigner.load(secret, null).sign("x".getBytes(), CREATED);

    TrustedKeys trusted = TrustedKeys.load(List.of(secret));

    assertEquals(List.of(first.fingerprint()), trusted.fingerprints());
    assertEquals(first.fingerprint(), SignatureVerifier.verify("x".getBytes(), signature, trusted).signerFingerprint());
  }

  @Test
  void sameKeyInSeveralFiles_isListedOnce() throws Exception {
    Path a = Files.writeString(dir.resolve("a.asc"), first.armoredPublicKey());
    Path b = Files.writeString(dir.resolve("b.asc"), first.armoredPublicKey() + second.armoredPublicKey());

    assertEquals(List.of(first.fingerprint(), second.fingerprint()), TrustedKeys.load(List.of(a, b)).fingerprints());
  }

  @Test
  void missingUnreadableAndNonKeyFiles_areRejectedNamingTheFile() throws Exception {
    Path signature = Files.write(dir.resolve("sig.asc"),
        ArchiveSigner.load(Files.writeString(dir.resolve("k.asc"), first.armoredSecretKey()), null)
            .sign(new byte[1], CREATED));
    Path emptyDir = Files.createDirectory(dir.resolve("empty"));

    assertRejected(dir.resolve("missing.asc"), "does not exist");
    assertRejected(Files.writeString(dir.resolve("notes.txt"), "trust me"), "is not an OpenPGP key file");
    assertRejected(signature, "is not an OpenPGP key file: it holds a signature");
    assertRejected(emptyDir, "holds no key files (*.asc, *.gpg, *.pgp or *.pub)");
    assertThrows(InvalidRequestException.class, () -> TrustedKeys.load(List.of()));
  }

  private static void assertRejected(Path file, String expected) {
    Path good = file.resolveSibling("good-" + System.nanoTime() + ".asc");
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> {
      Files.writeString(good, first.armoredPublicKey());
      TrustedKeys.load(List.of(good, file));
    });
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
