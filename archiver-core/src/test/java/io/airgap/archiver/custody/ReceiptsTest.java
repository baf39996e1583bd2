package io.airgap.archiver.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.signing.ClearSignedText;
import io.airgap.archiver.signing.GeneratedKeyPair;
import io.airgap.archiver.signing.SigningKeyGenerator;
import io.airgap.archiver.signing.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Receipts are canonical JSON behind a signature, read strictly, and their file names stay in their folder. */
class ReceiptsTest {
  private static final Instant TIME = Instant.parse("2026-12-07T10:00:00Z");
  private static final String ID = "a".repeat(64);

  @TempDir static Path keys;
  @TempDir Path dir;
  private static ArchiveSigner signer;
  private static ArchiveSigner other;
  private static TrustedKeys trusted;

  @BeforeAll
  static void keys() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Air Gap <receipts@example.com>", null, TIME.minusSeconds(3600));
    GeneratedKeyPair otherPair = SigningKeyGenerator.generate("Other <other@example.com>", null, TIME.minusSeconds(3600));
    signer = ArchiveSigner.load(Files.writeString(keys.resolve("sec.asc"), pair.armoredSecretKey()), null);
    other = ArchiveSigner.load(Files.writeString(keys.resolve("other.asc"), otherPair.armoredSecretKey()), null);
    trusted = TrustedKeys.load(List.of(Files.writeString(keys.resolve("pub.asc"), pair.armoredPublicKey()),
        Files.writeString(keys.resolve("other-pub.asc"), otherPair.armoredPublicKey())));
  }

  private static Receipt receipt(String name, ArchiveSigner by) {
    TreeMap<String, String> refs = new TreeMap<>();
    refs.put("refs/heads/main", "b".repeat(40));
    return new Receipt(Receipt.FORMAT, new Receipt.Source("git-root-" + "c".repeat(40), name), List.of(ID), ID,
        "git://example/app.git", refs, 2, TIME.toString(), new Receipt.Signer(by.fingerprint(), by.userId()));
  }

  @Test
  void written_readsBackEqual_withKeysInAFixedOrder() throws Exception {
    Path file = Receipts.write(receipt("app", signer), signer, TIME, dir);
    assertEquals("receipt-app-20261207T100000Z.json.asc", file.getFileName().toString());
    assertEquals(receipt("app", signer), Receipts.read(file, trusted));
    String text = Receipts.canonical(receipt("app", signer));
    assertTrue(text.indexOf("\"format\"") < text.indexOf("\"source\"")
        && text.indexOf("\"last_archive\"") < text.indexOf("\"refs\"")
        && text.indexOf("\"restored_at\"") < text.indexOf("\"signer\""), text);
  }

  @Test
  void twoReceiptsOfOneNameInOneSecond_neitherReplacesTheOther() throws Exception {
    Path first = Receipts.write(receipt("app", signer), signer, TIME, dir);
    Path second = Receipts.write(receipt("app", other), other, TIME, dir);
    assertEquals("receipt-app-20261207T100000Z-2.json.asc", second.getFileName().toString());
    assertEquals(receipt("app", signer), Receipts.read(first, trusted));
    assertEquals(receipt("app", other), Receipts.read(second, trusted));
  }

  @Test
  void signedButNotCanonical_orWithAnUnknownField_orNamingAnotherSigner_isRefused() throws Exception {
    String canonical = Receipts.canonical(receipt("app", signer));
    for (String text : List.of(canonical.replace("  \"format\"", "\"format\""),
        canonical.replace("\"lfs_objects\" : 2,", "\"lfs_objects\" : 2,\n  \"extra\" : 1,"),
        canonical.replace("\"lfs_objects\" : 2,", ""))) {
      Path file = Files.write(dir.resolve("receipt-x-" + text.hashCode() + ".json.asc"),
          ClearSignedText.sign(signer, text, TIME));
      assertThrows(UntrustedArchiveException.class, () -> Receipts.read(file, trusted), text);
    }
    Path claimsOther = Files.write(dir.resolve("receipt-other.json.asc"),
        ClearSignedText.sign(signer, Receipts.canonical(receipt("app", other)), TIME));
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class,
        () -> Receipts.read(claimsOther, trusted));
    assertTrue(e.getMessage().contains("names signer"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../escaped", "/etc/passwd", "a/../../b", "..", ".hidden", "-rf", "x\u0000y", "a b\nc",
      "\u202eevil", ""})
  void hostileSourceName_becomesASlug_insideTheFolder(String name) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("receipts"));
    Path file = Receipts.write(receipt(name, signer), signer, TIME, folder);
    assertEquals(folder, file.getParent());
    assertTrue(file.getFileName().toString().matches("receipt-[A-Za-z0-9._-]+-20261207T100000Z\\.json\\.asc"),
        file.toString());
    try (Stream<Path> all = Files.walk(dir)) {
      assertEquals(List.of(file), all.filter(Files::isRegularFile).toList());
    }
  }
}
