package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Archive encryption against stock gpg both ways, and the decryptor's refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveEncryptionTest {
  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  @TempDir Path tmp;
  private Gpg gpg;
  private Path gpgPublic;
  private Path gpgSecret;

  @BeforeAll
  void generateWithGpg() throws IOException {
    gpg = new Gpg();
    gpg.okWithPassphrase("pw", "--quick-gen-key", "Recipient <r@example.com>", "future-default", "default", "never");
    gpgPublic = gpg.write("public.asc", gpg.ok("--export", "--armor"));
    gpgSecret = gpg.write("secret.asc", gpg.okWithPassphrase("pw", "--export-secret-keys", "--armor"));
  }

  @AfterAll
  void closeGpg() {
    gpg.close();
  }

  private static byte[] encrypt(ArchiveEncryptor encryptor, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = encryptor.open(bytes, "x.tar.gz", NOW)) {
      // odd-sized writes cross the 64 KiB partial-body chunks
      for (int off = 0; off < data.length; off += 7777) {
        out.write(data, off, Math.min(7777, data.length - off));
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void largeStream_encryptedToAGpgKey_decryptsInGpgAndHere_toTheSameBytes() throws Exception {
    byte[] data = new byte[3 << 20];
    new Random(3).nextBytes(data);
    byte[] message = encrypt(ArchiveEncryptor.load(List.of(gpgPublic)), data);
    Path file = gpg.write("x.tar.gz.gpg", message);
    Path out = gpg.file("x.tar.gz");
    gpg.okWithPassphrase("pw", "--output", out.toString(), "--decrypt", file.toString());
    assertArrayEquals(data, Files.readAllBytes(out));
    assertTrue(gpg.ok("--list-packets", file.toString()).contains("mdc_method: 2"), "SEIPD v1 with MDC expected");

    try (InputStream in = ArchiveDecryptor.load(gpgSecret, "pw".toCharArray())
        .open(new ByteArrayInputStream(message), "x")) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void messageEncryptedByGpg_decryptsHere() throws Exception {
    byte[] data = "made by gpg\n".getBytes(StandardCharsets.UTF_8);
    Path plain = gpg.write("plain.bin", data);
    Path enc = gpg.file("plain.bin.gpg");
    String keyId = gpg.colonLines("--list-keys").stream().filter(f -> f[0].equals("sub")).map(f -> f[4]).findFirst()
        .orElseThrow();
    gpg.ok("--trust-model", "always", "--compress-algo", "none", "--recipient", keyId, "--output", enc.toString(), "--encrypt", plain.toString());
    try (InputStream in = ArchiveDecryptor.load(gpgSecret, "pw".toCharArray())
        .open(Files.newInputStream(enc), "plain.bin.gpg")) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void keygenEncryptionKey_isImportedByGpg_andDecryptsWhatGpgEncryptsToIt() throws Exception {
    GeneratedKeyPair keys = EncryptionKeyGenerator.generate("Air Gap <a@example.com>", "kp".toCharArray(), NOW);
    Path pub = Files.writeString(tmp.resolve("pub.asc"), keys.armoredPublicKey());
    Path sec = Files.writeString(tmp.resolve("sec.asc"), keys.armoredSecretKey());
    try (Gpg other = new Gpg()) {
      other.importKey(pub);
      List<String[]> lines = other.colonLines("--list-keys");
      assertTrue(lines.stream().anyMatch(f -> f[0].equals("sub") && f[11].contains("e") && f[16].equals("cv25519")),
          "expected a cv25519 encryption subkey");
      assertTrue(lines.stream().anyMatch(f -> f[0].equals("pub") && f[11].contains("c") && !f[11].contains("e")));
      Path plain = other.write("p.bin", "secret plans".getBytes(StandardCharsets.UTF_8));
      Path enc = other.file("p.bin.gpg");
      other.ok("--trust-model", "always", "--compress-algo", "none", "--recipient", keys.fingerprint(), "--output", enc.toString(), "--encrypt",
          plain.toString());
      try (InputStream in = ArchiveDecryptor.load(sec, "kp".toCharArray()).open(Files.newInputStream(enc), "p")) {
        assertEquals("secret plans", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    InvalidRequestException wrong = assertThrows(InvalidRequestException.class,
        () -> ArchiveDecryptor.load(sec, "not it".toCharArray()));
    assertTrue(wrong.getMessage().contains("wrong passphrase") && !wrong.getMessage().contains("not it"));
    assertThrows(InvalidRequestException.class, () -> ArchiveDecryptor.load(sec, null));
  }

  @Test
  void compressedMessageFromGpg_isRefusedClearly() throws Exception {
    Path plain = gpg.write("text.txt", "compressible text ".repeat(100).getBytes(StandardCharsets.UTF_8));
    Path enc = gpg.file("text.txt.gpg");
    gpg.ok("--trust-model", "always", "--compress-algo", "zlib", "--recipient", "r@example.com", "--output",
        enc.toString(), "--encrypt", plain.toString());
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class, () -> ArchiveDecryptor
        .load(gpgSecret, "pw".toCharArray()).open(Files.newInputStream(enc), "text.txt.gpg"));
    assertTrue(e.getMessage().contains("compressed OpenPGP data"), e.getMessage());
  }

  @Test
  void messageWithoutIntegrityProtection_isRefused() throws Exception {
    PGPPublicKey key = ((PGPPublicKeyRing) KeyFiles.read(gpgPublic).get(0)).getPublicKeys().next();
    for (var it = ((PGPPublicKeyRing) KeyFiles.read(gpgPublic).get(0)).getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey k = it.next();
      if (k.isEncryptionKey()) {
        key = k;
      }
    }
    PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
        new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(false)
            .setSecureRandom(new SecureRandom()));
    generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream enc = generator.open(bytes, new byte[4096]);
        OutputStream lit = new PGPLiteralDataGenerator().open(enc, PGPLiteralData.BINARY, "x", new Date(), new byte[4096])) {
      lit.write("unprotected".getBytes(StandardCharsets.UTF_8));
    }
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class, () -> ArchiveDecryptor
        .load(gpgSecret, "pw".toCharArray()).open(new ByteArrayInputStream(bytes.toByteArray()), "old.gpg"));
    assertTrue(e.getMessage().contains("without integrity protection"), e.getMessage());
  }

  @Test
  void truncatedMessage_failsWhenReadToTheEnd() throws Exception {
    byte[] data = new byte[200_000];
    new Random(5).nextBytes(data);
    byte[] message = encrypt(ArchiveEncryptor.load(List.of(gpgPublic)), data);
    byte[] cut = java.util.Arrays.copyOf(message, message.length - 30);
    ArchiveDecryptor decryptor = ArchiveDecryptor.load(gpgSecret, "pw".toCharArray());
    assertThrows(IOException.class, () -> {
      try (InputStream in = decryptor.open(new ByteArrayInputStream(cut), "cut")) {
        in.readAllBytes();
      }
    });
  }

  @Test
  void endlessKeyPackets_areRefusedAfterABoundedRead() throws Exception {
    byte[] message = encrypt(ArchiveEncryptor.load(List.of(gpgPublic)), new byte[10]);
    // the first packet: new-format tag 1 (PKESK) with a one- or two-octet length
    int first = message[1] & 0xff;
    int length = first < 192 ? 2 + first : 3 + ((first - 192) << 8) + (message[2] & 0xff) + 192;
    assertEquals(0xc1, message[0] & 0xff);
    ByteArrayOutputStream hostile = new ByteArrayOutputStream();
    while (hostile.size() < 4 * ArchiveDecryptor.MAX_KEY_PACKETS_BYTES) {
      hostile.write(message, 0, length);
    }
    hostile.write(message, length, message.length - length);
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
        () -> ArchiveDecryptor.recipients(new ByteArrayInputStream(hostile.toByteArray()), "hostile"));
    assertTrue(e.getMessage().contains("key packets"), e.getMessage());
  }

  @Test
  void recipients_areReadWithoutAnyKey() throws Exception {
    ArchiveEncryptor encryptor = ArchiveEncryptor.load(List.of(gpgPublic));
    byte[] message = encrypt(encryptor, new byte[10]);
    assertEquals(encryptor.recipientKeyIds(), ArchiveDecryptor.recipients(new ByteArrayInputStream(message), "m"));
    assertTrue(ArchiveDecryptor.looksEncrypted(message[0] & 0xff));
    assertTrue(!ArchiveDecryptor.looksEncrypted(0x1f));
  }
}
