package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The security officer's procedure for an encrypted archive — the store sidecar's {@code decrypt} field and the
 * documented one (docs/encryption.md) — followed literally in a shell that has only stock tools (gpg, gpgv,
 * sha256sum, tar, sh). It opens a genuine archive; and an archive re-encrypted by someone who holds only the recipient's public key, whose
 * {@code restore-scripts/verify.sh} is hostile, is stopped before anything from inside it runs.
 */
class EncryptedStockProcedureTest {
  /** The placeholder both texts use for the operator's own copy of the signer's public key. */
  private static final String KEY_PLACEHOLDER = "/path/to/archiver-signing-public.asc";
  /** The archive name in the documented example. */
  private static final String README_ARCHIVE = "app-full-20261121T120000Z.tar.gz.gpg";
  private static final String BUCKET = "transfer";
  private static final String ATTACKER_PASSPHRASE = "attacker 1";

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private GpgHome officer;
  private Fixtures.Keys signing;
  private Path recipientPublic;
  private Path plainArchive;
  private Path genuine;
  private String decrypt;
  private Path marker;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    CliRunner cli = new CliRunner(tmp).env("AWS_ACCESS_KEY_ID", S3ProxyFixture.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyFixture.SECRET_KEY).env("AWS_ENDPOINT_URL", s3.endpoint().toString());
    signing = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("airgap").toString()).expect(0);
    recipientPublic = tmp.resolve("airgap/archiver-encryption-public.asc");
    officer = new GpgHome();
    officer.ok(null, "--import", tmp.resolve("airgap/archiver-encryption-secret.asc").toString());
    Path src = SampleRepos.rich(tmp.resolve("src"));

    cli.run("create", "--source", src.toString(), "--output", "s3://" + BUCKET + "/usb", "--sign-key",
        signing.secret().toString(), "--encrypt-to", recipientPublic.toString()).expect(0);
    String key = s3.raw().listObjectsV2(b -> b.bucket(BUCKET).prefix("usb/")).contents().stream()
        .map(o -> o.key()).filter(k -> k.endsWith(".tar.gz.gpg")).findFirst().orElseThrow();
    JsonNode sidecar = new ObjectMapper().readTree(get(key + ".json"));
    decrypt = sidecar.path("decrypt").asText();
    genuine = Files.write(Files.createDirectories(tmp.resolve("download")).resolve(key.substring("usb/".length())),
        get(key));
    // what an attacker may hold: an earlier archive of the same signer, in the clear
    Path plainDir = tmp.resolve("plain");
    cli.run("create", "--source", src.toString(), "--output", plainDir.toString(), "--sign-key",
        signing.secret().toString()).expect(0);
    plainArchive = Fixtures.onlyArchive(plainDir);
    marker = tmp.resolve("HOSTILE-VERIFY-SH-RAN");
  }

  @AfterEach
  void tearDown() throws Exception {
    officer.close();
    s3.close();
  }

  private byte[] get(String key) {
    return s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asByteArray();
  }

  @Test
  void sidecarProcedure_checksWithStockToolsBeforeRunningTheArchivesScript_andOpensTheGenuineArchive()
      throws Exception {
    String name = genuine.getFileName().toString();
    assertTrue(decrypt.startsWith("gpg --dearmor --output trusted.gpg < " + KEY_PLACEHOLDER + " && gpg --output "),
        decrypt);
    int gpgv = decrypt.indexOf("gpgv --keyring ../trusted.gpg SHA256SUMS.asc SHA256SUMS");
    int sums = decrypt.indexOf("sha256sum --check --strict SHA256SUMS");
    int script = decrypt.indexOf("restore-scripts/verify.sh");
    assertTrue(decrypt.contains(" --decrypt " + name + " ") && gpgv > 0 && sums > gpgv && script > sums, decrypt);
    assertEquals(script, decrypt.lastIndexOf("restore-scripts/"), "nothing else from the archive runs");

    Result ok = follow(decrypt, genuine, name);
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("verify.sh: OK"), ok.output());
  }

  @Test
  void sidecarProcedure_stopsAReencryptedArchiveWithAHostileVerifySh_beforeItRuns() throws Exception {
    String name = genuine.getFileName().toString();
    assertHostileStopped(decrypt, name);
  }

  @Test
  void readmeProcedure_opensTheGenuineArchive_andStopsAHostileVerifySh_beforeItRuns() throws Exception {
    String block = readmeProcedure();
    assertTrue(block.contains(README_ARCHIVE), block);
    Result ok = follow(block, genuine, README_ARCHIVE);
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("verify.sh: OK"), ok.output());
    assertHostileStopped(block, README_ARCHIVE);
  }

  /** Both ways to forge: another key's signature over new checksums, or the signer's checksums and a new script. */
  private void assertHostileStopped(String procedure, String name) throws Exception {
    Path resigned = hostile("resigned", true);
    Result r1 = follow(procedure, resigned, name);
    assertNotEquals(0, r1.exitCode(), r1.output());
    assertTrue(r1.output().contains("gpgv:"), "stopped by the signature check: " + r1.output());
    assertFalse(Files.exists(marker), "the hostile verify.sh ran: " + r1.output());

    Path swapped = hostile("swapped", false);
    Result r2 = follow(procedure, swapped, name);
    assertNotEquals(0, r2.exitCode(), r2.output());
    assertTrue(r2.output().contains("restore-scripts/verify.sh: FAILED"), "stopped by sha256sum: " + r2.output());
    assertFalse(Files.exists(marker), "the hostile verify.sh ran: " + r2.output());
  }

  /**
   * The signer's plain archive with a verify.sh that leaves a marker, tarred and encrypted to the recipient with
   * stock gpg, as anyone holding the recipient's public key can; re-signed by the attacker's own key, or not.
   */
  private Path hostile(String label, boolean resign) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("attack-" + label));
    Path x = Files.createDirectories(work.resolve("x"));
    exec(x, Map.of(), "tar", "xzf", plainArchive.toString());
    Path script = x.resolve("restore-scripts/verify.sh");
    Files.writeString(script, "#!/bin/sh\ntouch " + marker + "\necho 'verify.sh: OK'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (resign) {
      try (GpgHome attacker = new GpgHome()) {
        attacker.ok(ATTACKER_PASSPHRASE, "--quick-gen-key", "Archiver Signing <signing@airgap>", "default", "default",
            "never");
        List<String> files;
        try (Stream<Path> walk = Files.walk(x)) {
          files = walk.filter(Files::isRegularFile).map(p -> x.relativize(p).toString())
              .filter(n -> !n.startsWith("SHA256SUMS")).sorted().toList();
        }
        StringBuilder sums = new StringBuilder();
        for (String f : files) {
          sums.append(io.airgap.archiver.internal.Sha256.of(Files.readAllBytes(x.resolve(f)))).append("  ").append(f)
              .append('\n');
        }
        Files.writeString(x.resolve("SHA256SUMS"), sums);
        Files.delete(x.resolve("SHA256SUMS.asc"));
        attacker.ok(ATTACKER_PASSPHRASE, "--armor", "--detach-sign", "--output", x.resolve("SHA256SUMS.asc").toString(),
            x.resolve("SHA256SUMS").toString());
      }
    }
    Path tar = work.resolve("hostile.tar.gz");
    assertEquals(0, exec(work, Map.of(), "tar", "czf", tar.toString(), "-C", x.toString(), ".").exitCode());
    Path encrypted = work.resolve("hostile.tar.gz.gpg");
    try (GpgHome attacker = new GpgHome()) {
      attacker.ok(null, "--trust-model", "always", "--compress-algo", "none", "--recipient-file",
          recipientPublic.toString(), "--output", encrypted.toString(), "--encrypt", tar.toString());
    }
    // the forgery gets past decryption: it is the signature and checksum checks that must stop it
    GpgHome.Result opened = officer.ok(null, "--output", work.resolve("check.tar.gz").toString(), "--decrypt",
        encrypted.toString());
    assertEquals(0, opened.exitCode());
    return encrypted;
  }

  /** Puts {@code archive} as {@code name} in a fresh folder and runs {@code procedure} there, literally. */
  private Result follow(String procedure, Path archive, String name) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "officer-");
    Files.copy(archive, dir.resolve(name));
    String script = procedure.replace(KEY_PLACEHOLDER, signing.pub().toString());
    return exec(dir, Map.of("GNUPGHOME", officer.dir().toString()), "sh", "-c", script);
  }

  record Result(int exitCode, String output) {}

  /** Runs a command with stock tools only: a bare environment and the system's PATH. */
  private static Result exec(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("LC_ALL", "C");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
    return new Result(p.exitValue(), out);
  }

  /** The documented shell block for an encrypted archive: in docs/encryption.md, the one that runs gpgv. */
  private static String readmeProcedure() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve(
        "restore-scripts")))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "the project's README.md was not found above " + Path.of("").toAbsolutePath());
    Path page = dir.resolve("docs/encryption.md");
    String section = Files.readString(page);
    assertTrue(section.startsWith("# Encrypted transfer\n"), page + " is the 'Encrypted transfer' page");
    for (String block : section.split("```sh\n")) {
      int close = block.indexOf("```");
      if (close > 0 && block.substring(0, close).contains("gpgv")) {
        return block.substring(0, close);
      }
    }
    throw new AssertionError(page + " has no procedure that checks with gpgv:\n" + section);
  }
}
