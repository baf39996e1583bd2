package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule end to end: an officer's {@code archiver approve} writes {@code NAME.approval.asc} that stock gpg
 * verifies, and {@code restore --require-approval} pushes to a C git bare repository only archives with a valid
 * approval of that exact file by one of the officer keys; every other case exits 3 with the target untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalTest {
  @TempDir static Path tmp;
  CliRunner cli;
  Fixtures.Keys archiveKeys;
  Fixtures.Keys officer;
  Fixtures.Keys stranger;
  Path src;

  @BeforeAll
  void keysAndSource() {
    cli = new CliRunner(tmp);
    archiveKeys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    officer = Fixtures.Keys.generate(cli, tmp.resolve("officer"));
    stranger = Fixtures.Keys.generate(cli, tmp.resolve("stranger"));
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString(), "--sign-key", archiveKeys.secret().toString(), "--no-deps"));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return newest(tmp.resolve(out));
  }

  private static Path newest(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".tar.gz") || p.toString().endsWith(".tar.gz.gpg"))
          .max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
    }
  }

  private CliRunner.Run approve(Path archive, Path key, String... extra) {
    List<String> args = new ArrayList<>(List.of("approve", archive.toString(), "--trust",
        archiveKeys.pub().toString(), "--sign-key", key.toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private Path bareTarget(String name) {
    Path target = tmp.resolve("targets").resolve(name + ".git");
    git(tmp, "init", "-q", "--bare", target.toString());
    return target;
  }

  private CliRunner.Run restore(Path target, String... archivesAndExtra) {
    List<String> args = new ArrayList<>(List.of("restore"));
    args.addAll(List.of(archivesAndExtra));
    args.addAll(List.of("--target", target.toString(), "--trust", archiveKeys.pub().toString(),
        "--workspace", tmp.resolve("ws-" + target.getFileName()).toString()));
    return cli.run(args.toArray(String[]::new));
  }

  private static Path approvalOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".approval.asc");
  }

  private static String sourceRefs(Path src) {
    return git(src, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags", "refs/notes");
  }

  private static String targetRefs(Path target) {
    return git(target, "for-each-ref", "--format=%(objectname) %(refname)");
  }

  @Test
  void approved_thenRestoreRequiringTheOfficersKey_pushesEveryRefExactly_andStockGpgVerifiesTheApproval()
      throws Exception {
    Path archive = create("exact");
    Path log = tmp.resolve("approve-log.jsonl");
    CliRunner.Run run = approve(archive, officer.secret(), "--note", "ticket CHG-1234", "--log-file", log.toString())
        .expect(0);
    Path approval = approvalOf(archive);
    assertTrue(Files.isRegularFile(approval), run.all());

    String text = Files.readString(approval);
    assertTrue(text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA"), text);
    String body = text.substring(text.indexOf("\n\n") + 2, text.indexOf("-----BEGIN PGP SIGNATURE-----"));
    JsonNode json = Json.mapper().readTree(body);
    assertEquals("airgap-approval/1", json.path("format").asText());
    assertEquals(archive.getFileName().toString(), json.path("archive_file").asText());
    assertEquals(Sha256.of(Files.readAllBytes(archive)), json.path("archive_sha256").asText());
    assertEquals("ticket CHG-1234", json.path("note").asText());
    assertTrue(json.path("policy_sha256").isNull(), body);
    String archiveId = json.path("archive_id").asText();
    assertEquals(64, archiveId.length());

    // the officer on the far side checks it with stock tools only
    try (GpgHome gpg = new GpgHome()) {
      gpg.ok(null, "--import", officer.pub().toString());
      GpgHome.Result verified = gpg.run(null, "--verify", approval.toString());
      assertEquals(0, verified.exitCode(), verified.stderr());
      assertTrue(verified.stderr().contains("Good signature"), verified.stderr());
    }
    Fixtures.ProcessResult sum = Fixtures.exec(archive.getParent(), "sha256sum", archive.getFileName().toString());
    assertTrue(sum.output().startsWith(json.path("archive_sha256").asText() + " "), sum.output());

    String logged = Files.readString(log);
    assertTrue(logged.lines().anyMatch(l -> l.contains("\"event\":\"approved\"") && l.contains(archiveId)), logged);

    Path target = bareTarget("exact");
    CliRunner.Run restored = restore(target, archive.toString(), "--require-approval", officer.pub().toString())
        .expect(0);
    assertTrue(restored.all().contains("approved by"), restored.all());
    assertEquals(sourceRefs(src), targetRefs(target));
    assertEquals("", CGit.run(target, "fsck", "--no-dangling").stdout());
  }

  @Test
  void missingApproval_exits3_namingTheArchive_andPushesNothing_alsoInADryRun() throws Exception {
    Path archive = create("missing");
    Path target = bareTarget("missing");
    CliRunner.Run dry = restore(target, archive.toString(), "--require-approval", officer.pub().toString(),
        "--dry-run").expect(3);
    assertTrue(dry.err().contains("approval missing"), dry.err());
    CliRunner.Run run = restore(target, archive.toString(), "--require-approval", officer.pub().toString()).expect(3);
    assertTrue(run.err().contains(archive.getFileName().toString()), run.err());
    assertTrue(run.err().contains("approval missing"), run.err());
    assertEquals("", targetRefs(target));
  }

  @Test
  void help_namesTheExitCodesAndExamples_andApprovalOptionsNeedKeys() {
    String help = cli.run("approve", "--help").expect(0).out().replaceAll("\\s+", " ");
    assertTrue(help.contains("Exit codes: 0 approved") && help.contains("5 the content policy is violated"), help);
    assertTrue(help.contains("Examples:") && help.contains("--sign-key"), help);
    assertTrue(cli.run("restore", "--help").expect(0).out().contains("--require-approval"));
    CliRunner.Run run = restore(bareTarget("usage"), tmp.resolve("none.tar.gz").toString(), "--allow-self-approval");
    assertEquals(2, run.exitCode(), run.all());
  }

  @Test
  void requireApprovalInTheConfigFile_appliesAsTheOption() throws Exception {
    Path archive = create("config");
    Path config = Files.writeString(tmp.resolve("restore.yaml"), "require-approval: " + officer.pub() + "\n");
    Path target = bareTarget("config");
    CliRunner.Run run = restore(target, archive.toString(), "--config", config.toString()).expect(3);
    assertTrue(run.err().contains("approval missing"), run.err());
    assertEquals("", targetRefs(target));
    approve(archive, officer.secret()).expect(0);
    restore(target, archive.toString(), "--config", config.toString()).expect(0);
    assertEquals(sourceRefs(src), targetRefs(target));
  }

  @Test
  void approvalOfAnotherArchive_exits3_andPushesNothing() throws Exception {
    Path first = create("other-a");
    Fixtures.awaitNextSecond();
    SampleRepos.commit(src, "other.txt", "other\n", "another commit");
    Path second = create("other-b");
    approve(first, officer.secret()).expect(0);
    Files.copy(approvalOf(first), approvalOf(second));
    Path target = bareTarget("other");
    CliRunner.Run run = restore(target, second.toString(), "--require-approval", officer.pub().toString()).expect(3);
    assertTrue(run.err().contains("approves another archive"), run.err());
    assertEquals("", targetRefs(target));
  }

  @Test
  void approvalByTheArchivesOwnSigner_exits3_unlessSelfApprovalIsAllowed() throws Exception {
    Path archive = create("self");
    CliRunner.Run approved = approve(archive, archiveKeys.secret()).expect(0);
    assertTrue(approved.out().contains("allow-self-approval"), approved.out());
    Path target = bareTarget("self");
    CliRunner.Run run = restore(target, archive.toString(), "--require-approval", archiveKeys.pub().toString())
        .expect(3);
    assertTrue(run.err().contains("self-approval"), run.err());
    assertEquals("", targetRefs(target));

    restore(target, archive.toString(), "--require-approval", archiveKeys.pub().toString(), "--allow-self-approval")
        .expect(0);
    assertEquals(sourceRefs(src), targetRefs(target));
  }

  @Test
  void approvalAlteredAfterSigning_orByAnUntrustedKey_exits3_andPushesNothing() throws Exception {
    Path archive = create("altered");
    approve(archive, officer.secret(), "--note", "looks fine").expect(0);
    Path approval = approvalOf(archive);
    String original = Files.readString(approval);
    Files.writeString(approval, original.replace("looks fine", "looks FINE"));
    Path target = bareTarget("altered");
    CliRunner.Run run = restore(target, archive.toString(), "--require-approval", officer.pub().toString()).expect(3);
    assertTrue(run.err().contains("altered after signing"), run.err());
    assertEquals("", targetRefs(target));

    approve(archive, stranger.secret()).expect(0);
    CliRunner.Run untrusted = restore(target, archive.toString(), "--require-approval", officer.pub().toString())
        .expect(3);
    assertTrue(untrusted.err().contains("not among the trusted keys"), untrusted.err());
    assertEquals("", targetRefs(target));
  }

  @Test
  void archiveFileChangedAfterApproval_sameArchiveIdOtherBytes_exits3() throws Exception {
    Path archive = create("recompressed");
    approve(archive, officer.secret()).expect(0);
    // the same tar recompressed: the archive id (SHA-256 of SHA256SUMS) and its signature still hold, the file differs
    Path other = tmp.resolve("recompressed.tmp");
    Fixtures.ProcessResult gz = Fixtures.exec(tmp, "sh", "-c", "gzip -dc '" + archive + "' | gzip -1 > '" + other + "'");
    assertEquals(0, gz.exitCode(), gz.output());
    Files.move(other, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path target = bareTarget("recompressed");
    CliRunner.Run run = restore(target, archive.toString(), "--require-approval", officer.pub().toString()).expect(3);
    assertTrue(run.err().contains("altered or replaced after it was approved"), run.err());
    assertEquals("", targetRefs(target));
  }

  @Test
  void policyViolation_approveExits5_andWritesNoApproval() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("pem-src"));
    SampleRepos.commit(repo, "certs/server.pem", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
        "add a key");
    cli.run("create", "--source", repo.toString(), "--output", tmp.resolve("pem").toString(), "--sign-key",
        archiveKeys.secret().toString(), "--no-deps").expect(0);
    Path archive = newest(tmp.resolve("pem"));
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "deny-paths: [\"**/*.pem\"]\n");
    CliRunner.Run run = approve(archive, officer.secret(), "--policy", policy.toString()).expect(5);
    assertTrue(run.err().contains("certs/server.pem"), run.err());
    assertFalse(Files.exists(approvalOf(archive)));
    assertEquals(1, Fixtures.listAll(tmp.resolve("pem")).size(), Fixtures.listAll(tmp.resolve("pem")).toString());

    Path clean = Files.writeString(tmp.resolve("policy-ok.yaml"), "deny-paths: [\"**/*.exe\"]\n");
    approve(archive, officer.secret(), "--policy", clean.toString()).expect(0);
    String body = Files.readString(approvalOf(archive));
    assertTrue(body.contains(Sha256.of(Files.readAllBytes(clean))), body);
  }

  @Test
  void encryptedArchive_approvalCoversTheGpgFile_andRestoreWithTheDecryptKeyRequiresIt() throws Exception {
    Path enc = tmp.resolve("enc-keys");
    cli.run("keygen", "--purpose", "encrypt", "--out", enc.toString()).expect(0);
    Path archive = create("encrypted", "--encrypt-to", enc.resolve("archiver-encryption-public.asc").toString());
    assertTrue(archive.toString().endsWith(".tar.gz.gpg"), archive.toString());
    String secret = enc.resolve("archiver-encryption-secret.asc").toString();
    Path target = bareTarget("encrypted");
    restore(target, archive.toString(), "--decrypt-key", secret, "--require-approval", officer.pub().toString())
        .expect(3);
    assertEquals("", targetRefs(target));

    approve(archive, officer.secret(), "--decrypt-key", secret).expect(0);
    Path approval = approvalOf(archive);
    assertTrue(approval.getFileName().toString().endsWith(".tar.gz.gpg.approval.asc"), approval.toString());
    assertTrue(Files.readString(approval).contains(Sha256.of(Files.readAllBytes(archive))));
    JsonNode review = Json.mapper().readTree(cli.run("review", archive.toString(), "--decrypt-key", secret, "--trust",
        archiveKeys.pub().toString(), "--require-approval", officer.pub().toString(), "--json").expect(0).out());
    assertEquals("verified", review.path("signature").asText(), review.toString());
    assertEquals("valid", review.path("approvals").get(0).path("status").asText(), review.toString());
    restore(target, archive.toString(), "--decrypt-key", secret, "--require-approval", officer.pub().toString())
        .expect(0);
    assertEquals(sourceRefs(src), targetRefs(target));
  }

  @Test
  void folderOfAChain_eachArchiveApproved_theChainRestores_anUnapprovedLinkStopsItAll() throws Exception {
    Path full = create("chain");
    Fixtures.awaitNextSecond();
    SampleRepos.commit(src, "chain.txt", "chain\n", "chain commit");
    Path incremental = create("chain", "--incremental", "--base", full.toString());
    Path dir = tmp.resolve("chain");

    // an incremental archive reviewed without its base is not fully reviewed, so it is not approved
    CliRunner.Run partial = approve(incremental, officer.secret()).expect(1);
    assertTrue(partial.err().contains("incomplete") && partial.err().contains("--base"), partial.err());
    assertFalse(Files.exists(approvalOf(incremental)));

    CliRunner.Run approved = cli.run("approve", dir.toString(), "--trust", archiveKeys.pub().toString(),
        "--sign-key", officer.secret().toString(), "--json").expect(0);
    assertEquals(2, Json.mapper().readTree(approved.out()).path("approvals").size(), approved.out());
    assertTrue(Files.isRegularFile(approvalOf(full)));
    assertTrue(Files.isRegularFile(approvalOf(incremental)));

    Files.move(approvalOf(incremental), tmp.resolve("held-back.asc"));
    Path target = bareTarget("chain");
    CliRunner.Run refused = restore(target, dir.toString(), "--require-approval", officer.pub().toString()).expect(3);
    assertTrue(refused.err().contains(incremental.getFileName().toString()), refused.err());
    assertFalse(refused.err().contains(full.getFileName() + ": "), refused.err());
    assertEquals("", targetRefs(target));

    Files.move(tmp.resolve("held-back.asc"), approvalOf(incremental));
    restore(target, dir.toString(), "--require-approval", officer.pub().toString()).expect(0);
    assertEquals(sourceRefs(src), targetRefs(target));
  }

  @Test
  void approvalsInAnotherFolder_areFoundWithApprovals_andOutWritesThere() throws Exception {
    Path archive = create("elsewhere");
    Path folder = tmp.resolve("approvals");
    Files.createDirectories(folder);
    approve(archive, officer.secret(), "--out", folder.toString()).expect(0);
    assertFalse(Files.exists(approvalOf(archive)));
    assertTrue(Files.isRegularFile(folder.resolve(archive.getFileName() + ".approval.asc")));
    Path target = bareTarget("elsewhere");
    restore(target, archive.toString(), "--require-approval", officer.pub().toString()).expect(3);
    restore(target, archive.toString(), "--require-approval", officer.pub().toString(), "--approvals",
        folder.toString()).expect(0);
    assertEquals(sourceRefs(src), targetRefs(target));
  }

  @Test
  void reviewAndInspect_showApprovals_unchecked_withoutKeys_valid_withThem() throws Exception {
    Path archive = create("shown");
    approve(archive, officer.secret(), "--note", "shown note").expect(0);
    CliRunner.Run unchecked = cli.run("inspect", archive.toString()).expect(0);
    assertTrue(unchecked.out().contains("found, not checked"), unchecked.out());
    assertTrue(unchecked.out().contains("shown note"), unchecked.out());
    assertFalse(unchecked.out().contains("valid: approved"), unchecked.out());

    CliRunner.Run checked = cli.run("inspect", archive.toString(), "--require-approval", officer.pub().toString())
        .expect(0);
    assertTrue(checked.out().contains("valid: approved by"), checked.out());

    JsonNode review = Json.mapper().readTree(cli.run("review", archive.toString(), "--json", "--trust",
        archiveKeys.pub().toString(), "--require-approval", officer.pub().toString()).expect(0).out());
    assertEquals("valid", review.path("approvals").get(0).path("status").asText(), review.toString());
    JsonNode wrongKeys = Json.mapper().readTree(cli.run("review", archive.toString(), "--json", "--trust",
        archiveKeys.pub().toString()).expect(0).out());
    assertEquals("invalid", wrongKeys.path("approvals").get(0).path("status").asText(), wrongKeys.toString());
  }

  @Test
  void fleetRestore_requiresAnApprovalForEverySourcesArchive() throws Exception {
    Path alpha = SampleRepos.simple(tmp.resolve("fleet-src/alpha"));
    Path beta = SampleRepos.simple(tmp.resolve("fleet-src/beta"));
    SampleRepos.commit(beta, "beta.txt", "beta\n", "beta work");
    Path out = tmp.resolve("fleet");
    for (Path repo : List.of(alpha, beta)) {
      cli.run("create", "--source", repo.toString(), "--name", repo.getFileName().toString(), "--output",
          out.toString(), "--sign-key", archiveKeys.secret().toString(), "--no-deps").expect(0);
    }
    Path alphaArchive;
    try (Stream<Path> files = Files.list(out)) {
      alphaArchive = files.filter(p -> p.getFileName().toString().startsWith("alpha-")).findFirst().orElseThrow();
    }
    approve(alphaArchive, officer.secret()).expect(0);
    Path targets = tmp.resolve("fleet-targets");
    Files.createDirectories(targets);
    String template = targets + "/{name}.git";
    CliRunner.Run run = cli.run("restore", out.toString(), "--target-template", template, "--trust",
        archiveKeys.pub().toString(), "--require-approval", officer.pub().toString(), "--workspace",
        tmp.resolve("fleet-ws").toString());
    assertEquals(3, run.exitCode(), run.all());
    assertTrue(run.all().contains("approval missing"), run.all());
    assertEquals(sourceRefs(alpha), targetRefs(targets.resolve("alpha.git")));
    assertFalse(Files.exists(targets.resolve("beta.git")) && !targetRefs(targets.resolve("beta.git")).isEmpty());
  }
}
