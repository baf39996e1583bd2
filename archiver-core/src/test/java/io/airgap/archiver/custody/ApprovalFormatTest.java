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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code airgap-approval/1} body: canonical (fixed key order, same bytes for the same approval) and read strictly. */
class ApprovalFormatTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final String FP = "0123456789ABCDEF0123456789ABCDEF01234567";
  private static final Approval APPROVAL = new Approval(A, "app-full-20261207T101500Z.tar.gz", B, C, null, FP,
      "Officer <o@example.com>", Instant.parse("2026-12-07T10:20:00Z"), "ticket CHG-1234 \"quoted\"");

  @TempDir Path dir;

  @Test
  void json_hasTheFormatsKeysInOrder_andReadsBackEqual() throws Exception {
    String json = APPROVAL.toJson();
    List<String> keys = json.lines().filter(l -> l.startsWith("  \"")).map(l -> l.substring(3, l.indexOf('"', 3)))
        .toList();
    assertEquals(List.of("format", "archive_id", "archive_file", "archive_sha256", "review_sha256", "policy_sha256",
        "approver_fingerprint", "approver_user_id", "approved_at", "note"), keys);
    assertTrue(json.contains("\"policy_sha256\" : null"), json);
    assertEquals(APPROVAL, Approval.parse(json, "x.approval.asc"));
    assertEquals(json, Approval.parse(json, "x").toJson());
  }

  @Test
  void unknownKey_otherFormat_missingKey_badDigest_andDuplicateKey_areRefused() {
    String json = APPROVAL.toJson();
    assertRefused(json.replaceFirst("\\{", "{\n  \"approved\" : \"yes\","), "unknown key(s) \"approved\"");
    assertRefused(json.replace("airgap-approval/1", "airgap-approval/2"), "format is \"airgap-approval/2\"");
    assertRefused(json.replaceFirst("  \"note\" : .*\n", "").replaceFirst(",\n}", "\n}"), "note is missing");
    assertRefused(json.replace(B, "B".repeat(64)), "archive_sha256 is not a SHA-256");
    assertRefused(json.replaceFirst("\\{", "{\n  \"archive_id\" : \"" + C + "\","), "not JSON");
    assertRefused("[]", "not a JSON object");
  }

  @Test
  void signedApproval_verifiesAndParses_asTheSignerWroteIt() throws Exception {
    GeneratedKeyPair pair = SigningKeyGenerator.generate("Officer <o@example.com>", null,
        Instant.parse("2024-01-01T00:00:00Z"));
    ArchiveSigner signer = ArchiveSigner.load(Files.writeString(dir.resolve("sec.asc"), pair.armoredSecretKey()), null);
    Approval mine = new Approval(A, "f.tar.gz", B, C, A, signer.fingerprint(), signer.userId(),
        Instant.parse("2026-12-07T10:20:00Z"), "- dash first");
    byte[] file = mine.sign(signer);
    TrustedKeys keys = TrustedKeys.load(List.of(Files.writeString(dir.resolve("pub.asc"), pair.armoredPublicKey())));
    ClearSignedText.Verified verified = ClearSignedText.verify(file, keys, "f.tar.gz.approval.asc");
    assertEquals(mine, Approval.parse(verified.text(), "f.tar.gz.approval.asc"));
    assertEquals(signer.fingerprint(), verified.signature().signerFingerprint());
  }

  private static void assertRefused(String json, String why) {
    UntrustedArchiveException e = assertThrows(UntrustedArchiveException.class, () -> Approval.parse(json, "x.asc"));
    assertTrue(e.getMessage().startsWith("x.asc is not an airgap-approval/1 approval: "), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
