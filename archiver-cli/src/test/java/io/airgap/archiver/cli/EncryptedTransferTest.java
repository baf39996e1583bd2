package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives encrypted to two recipients — one key made by stock gpg (RSA), one by {@code keygen --purpose
 * encrypt} (Curve25519) — opened by stock gpg and by archiver with either key, and refused clearly without
 * one or when altered.
 */
class EncryptedTransferTest {
  private static final String TIMESTAMP = "2026-03-01T10:00:00Z";
  private static final String OFFICER_PASSPHRASE = "officer passphrase 7";
  private static final String AIRGAP_PASSPHRASE = "air-gap restore key 3";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys signing;
  private GpgHome officer;
  private Path officerPublic;
  private Path officerSecret;
  private Path airgapPublic;
  private Path airgapSecret;
  private Path airgapPassphraseFile;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    signing = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    officer = new GpgHome();
    officer.ok(OFFICER_PASSPHRASE, "--quick-gen-key", "Security Officer <officer@internal>", "default", "default",
        "never");
    officerPublic = Files.writeString(tmp.resolve("officer-public.asc"),
        officer.ok(null, "--export", "--armor").stdout());
    officerSecret = Files.writeString(tmp.resolve("officer-secret.asc"),
        officer.ok(OFFICER_PASSPHRASE, "--export-secret-keys", "--armor").stdout());
    airgapPassphraseFile = Files.writeString(tmp.resolve("airgap-passphrase"), AIRGAP_PASSPHRASE + "\n");
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("airgap").toString(),
        "--passphrase-file", airgapPassphraseFile.toString()).expect(0);
    airgapPublic = tmp.resolve("airgap/archiver-encryption-public.asc");
    airgapSecret = tmp.resolve("airgap/archiver-encryption-secret.asc");
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  @AfterEach
  void tearDown() throws Exception {
    officer.close();
  }

  private Path create(Path out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", signing.secret().toString(), "--timestamp", TIMESTAMP));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    try (var files = Files.list(out)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all::toString);
      return all.get(0);
    }
  }

  private Path createEncrypted(Path out) throws Exception {
    return create(out, "--encrypt-to", officerPublic.toString(), "--encrypt-to", airgapPublic.toString());
  }

  /** Runs archiver with the officer's gpg key (passphrase from the environment). */
  private CliRunner.Run withOfficerKey(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--decrypt-key", officerSecret.toString()));
    cli.env("ARCHIVER_KEY_PASSPHRASE", OFFICER_PASSPHRASE);
    try {
      return cli.run(all.toArray(String[]::new));
    } finally {
      cli.without("ARCHIVER_KEY_PASSPHRASE");
    }
  }

  /** Runs archiver with the keygen-made key (passphrase from a file). */
  private CliRunner.Run withAirgapKey(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--decrypt-key", airgapSecret.toString(), "--passphrase-file", airgapPassphraseFile.toString()));
    return cli.run(all.toArray(String[]::new));
  }

  @Test
  void encryptedToTwoRecipients_eachKeyDecryptsWithStockGpg_toTodaysFormat_andArchiverRestoresExactRefs()
      throws Exception {
    Path plain = create(tmp.resolve("plain"));
    Path encrypted = createEncrypted(tmp.resolve("usb"));
    assertEquals(plain.getFileName() + ".gpg", encrypted.getFileName().toString());
    byte[] head = Files.readAllBytes(encrypted);
    assertNotEquals(0x1f, head[0] & 0xff, "an encrypted archive must not start like gzip");

    try (GpgHome airgap = new GpgHome()) {
      airgap.ok(AIRGAP_PASSPHRASE, "--import", airgapSecret.toString());
      int i = 0;
      for (var entry : List.of(new Object[] {officer, OFFICER_PASSPHRASE}, new Object[] {airgap, AIRGAP_PASSPHRASE})) {
        GpgHome home = (GpgHome) entry[0];
        Path decrypted = tmp.resolve("decrypted-" + i).resolve(plain.getFileName().toString());
        Files.createDirectories(decrypted.getParent());
        GpgHome.Result gpg = home.ok((String) entry[1], "--output", decrypted.toString(), "--decrypt",
            encrypted.toString());
        assertFalse(gpg.stderr().contains("WARNING"), gpg.stderr());
        // Sign, then encrypt: decrypted, it is byte for byte the archive an unencrypted run writes.
        assertEquals(-1, Files.mismatch(plain, decrypted), "decrypted archive differs from the plain one");

        Path x = Files.createDirectories(tmp.resolve("x-" + i));
        assertEquals(0, Fixtures.exec(x, "tar", "xzf", decrypted.toString()).exitCode());
        home.ok(null, "--import", signing.pub().toString());
        GpgHome.Result verify = home.ok(null, "--verify", x.resolve("SHA256SUMS.asc").toString(),
            x.resolve("SHA256SUMS").toString());
        assertTrue(verify.stderr().contains("Good signature"), verify.stderr());
        Fixtures.ProcessResult sums = Fixtures.exec(x, "sha256sum", "-c", "--strict", "SHA256SUMS");
        assertEquals(0, sums.exitCode(), sums.output());
        Fixtures.ProcessResult script = Fixtures.exec(x, "sh", "restore-scripts/verify.sh", signing.pub().toString());
        assertEquals(0, script.exitCode(), script.output());
        i++;
      }
    }

    CliRunner.Run byOfficer = withOfficerKey("verify", encrypted.toString(), "--trust", signing.pub().toString()).expect(0);
    assertTrue(byOfficer.out().contains("Signature: good"), byOfficer.out());
    CliRunner.Run byAirgap = withAirgapKey("verify", encrypted.toString(), "--trust", signing.pub().toString()).expect(0);
    assertTrue(byAirgap.out().contains("Signature: good"), byAirgap.out());
    assertTrue(withAirgapKey("inspect", encrypted.toString()).expect(0).out().matches("(?s).*\nrefs:\\s+\\d+ refs?\n.*"));

    Path target1 = tmp.resolve("target1.git");
    withOfficerKey("restore", encrypted.toString(), "--target", target1.toString(), "--trust", signing.pub().toString(),
        "--workspace", tmp.resolve("ws1").toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target1));
    Path target2 = tmp.resolve("target2.git");
    withAirgapKey("restore", encrypted.toString(), "--target", target2.toString(), "--trust", signing.pub().toString(),
        "--workspace", tmp.resolve("ws2").toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target2));
  }

  @Test
  void withoutTheRightKey_theErrorNamesTheRecipientsKeyIds() throws Exception {
    Path encrypted = createEncrypted(tmp.resolve("usb"));
    List<String> ids = new ArrayList<>(officer.encryptionSubkeyIds(officerPublic));
    ids.addAll(officer.encryptionSubkeyIds(airgapPublic));
    assertEquals(2, ids.size(), ids::toString);

    CliRunner.Run noKey = cli.run("verify", encrypted.toString(), "--trust", signing.pub().toString()).expect(2);
    CliRunner.Run otherKey;
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("stranger").toString()).expect(0);
    otherKey = cli.run("restore", encrypted.toString(), "--target", tmp.resolve("t.git").toString(),
        "--trust", signing.pub().toString(), "--decrypt-key",
        tmp.resolve("stranger/archiver-encryption-secret.asc").toString()).expect(2);
    for (CliRunner.Run run : List.of(noKey, otherKey)) {
      for (String id : ids) {
        assertTrue(run.err().contains(id), "missing recipient " + id + " in: " + run.err());
      }
      assertTrue(run.err().contains("--decrypt-key"), run.err());
      assertFalse(run.all().contains("Exception"), run.all());
    }
    assertFalse(Files.exists(tmp.resolve("t.git")));

    CliRunner.Run signingKey = cli.run("verify", encrypted.toString(), "--decrypt-key", signing.secret().toString())
        .expect(2);
    assertTrue(signingKey.err().contains("no secret key that can decrypt"), signingKey.err());
    cli.env("ARCHIVER_KEY_PASSPHRASE", "not the passphrase");
    CliRunner.Run wrongPassphrase = cli.run("verify", encrypted.toString(), "--decrypt-key", officerSecret.toString())
        .expect(2);
    cli.without("ARCHIVER_KEY_PASSPHRASE");
    assertTrue(wrongPassphrase.err().contains("wrong passphrase"), wrongPassphrase.err());
    assertFalse(wrongPassphrase.all().contains("not the passphrase"), wrongPassphrase.all());
  }

  @Test
  void oneFlippedByte_inTheEncryptedFile_isExit3_andNothingIsRestored() throws Exception {
    Path encrypted = createEncrypted(tmp.resolve("usb"));
    long size = Files.size(encrypted);
    // The middle garbles the archive; the last bytes are the integrity packet itself, which only the MDC covers.
    for (long offset : new long[] {size / 2, size - 1}) {
      Path tampered = Files.createDirectories(tmp.resolve("tampered-" + offset)).resolve(encrypted.getFileName());
      byte[] bytes = Files.readAllBytes(encrypted);
      bytes[(int) offset] ^= 0x01;
      Files.write(tampered, bytes);

      withAirgapKey("verify", tampered.toString(), "--trust", signing.pub().toString()).expect(3);
      Path target = tmp.resolve("target-" + offset + ".git");
      Path workspace = tmp.resolve("ws-" + offset);
      CliRunner.Run restore = withOfficerKey("restore", tampered.toString(), "--target", target.toString(),
          "--trust", signing.pub().toString(), "--workspace", workspace.toString()).expect(3);
      assertFalse(restore.all().contains("Exception"), restore.all());
      assertFalse(Files.exists(target), "nothing may be restored from a tampered archive");
      assertEquals(List.of(), filesUnder(workspace.resolve("staging")), "staged files must be gone");
      if (offset == size - 1) {
        assertTrue(restore.err().contains("integrity check (MDC)"), restore.err());
      }
    }
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void incrementalOnAnEncryptedBaseFile_readsItWithTheDecryptKey_andTheChainRestoresExactly() throws Exception {
    Path usb = tmp.resolve("usb");
    Path full = createEncrypted(usb);
    SampleRepos.commit(src, "next.txt", "next\n", "next");
    List<String> incremental = List.of("create", "--source", src.toString(), "--output", usb.toString(),
        "--sign-key", signing.secret().toString(), "--encrypt-to", airgapPublic.toString(), "--base", full.toString());
    CliRunner.Run refused = cli.run(incremental.toArray(String[]::new)).expect(2);
    assertTrue(refused.err().contains("--decrypt-key"), refused.err());
    List<String> withKey = new ArrayList<>(incremental);
    withKey.addAll(List.of("--decrypt-key", officerSecret.toString()));
    cli.env("ARCHIVER_KEY_PASSPHRASE", OFFICER_PASSPHRASE);
    cli.run(withKey.toArray(String[]::new)).expect(0);
    cli.without("ARCHIVER_KEY_PASSPHRASE");

    assertEquals(2, filesUnder(usb).stream().filter(f -> f.toString().endsWith(".tar.gz.gpg")).count());
    Path target = tmp.resolve("chain.git");
    withAirgapKey("restore", usb.toString(), "--target", target.toString(), "--trust", signing.pub().toString())
        .expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }

  @Test
  void keygenPurposeEncrypt_writesDistinctlyNamedFiles_andCreateRefusesASecretKeyAsRecipient() throws Exception {
    assertTrue(Files.exists(airgapPublic) && Files.exists(airgapSecret));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(airgapSecret)));
    assertTrue(officer.ok(null, "--with-colons", "--show-keys", airgapPublic.toString()).stdout().contains("cv25519"));
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--encrypt-to", airgapSecret.toString()).expect(2);
    assertTrue(run.err().contains("not a public key"), run.err());
    assertFalse(Files.exists(tmp.resolve("out").resolve("x")));
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out2").toString(),
        "--encrypt-to", signing.pub().toString()).expect(2);
  }
}
