package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --policy} on create and restore: exit 5, every finding named, nothing written or pushed, no secret shown. */
class ContentPolicyTest {
  static final String AWS_KEY = "AKIAQWERTYUIOPASDF12";
  private static final String KEY_BODY = "MIIEowIBAAKCAQEAzXq9policyTestKeyMaterialNotReal0123456789abcdef";
  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{64})");

  @TempDir Path tmp;

  @Test
  void create_withACredentialInHistoryAndAPemFile_exits5_namesThem_writesNoArchive_andNeverShowsTheKey()
      throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "config/settings.env", "region = eu-west-1\naws_access_key_id = " + AWS_KEY + "\n",
        "configure the deploy");
    SampleRepos.commit(src, "certs/server.pem", "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BODY
        + "\n-----END RSA PRIVATE KEY-----\n", "add the TLS key");
    git(src, "rm", "-q", "config/settings.env");
    git(src, "commit", "-q", "-m", "remove the credentials again");
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(policy, "secrets: true\ndeny-paths: [\"**/*.pem\", \"**/id_rsa\", \".env*\"]\n");
    Path out = tmp.resolve("out");

    CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--policy", policy.toString()).expect(5);
    String err = refused.err();
    assertTrue(err.contains("secret/aws-access-key-id at config/settings.env"), err);
    assertTrue(err.contains("(reached from refs/heads/main)"), err);
    assertTrue(err.contains("deny-paths at certs/server.pem"), err);
    assertTrue(err.contains("secret/private-key at certs/server.pem"), err);
    assertFalse(Files.exists(out) && Fixtures.listAll(out).stream().anyMatch(p -> Files.isRegularFile(p)),
        "no archive, and no partial file, is written");
    CliRunner.Run json = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--policy", policy.toString(), "--json").expect(5);
    assertTrue(json.out().contains("\"findings\""), json.out());
    assertNoSecretAnywhere(refused.all() + json.all(), tmp.resolve("logs"));

    List<String> fingerprints = new ArrayList<>();
    for (Matcher m = FINGERPRINT.matcher(err); m.find(); ) {
      fingerprints.add(m.group(1));
    }
    assertEquals(3, fingerprints.size(), err);
    Files.writeString(policy, Files.readString(policy) + "allow:\n" + fingerprints.stream()
        .map(f -> "  - \"" + f + "\"\n").reduce("", String::concat));
    CliRunner.Run passed = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--policy", policy.toString()).expect(0);
    assertNoSecretAnywhere(passed.all(), tmp.resolve("logs"));
    Path archive = Fixtures.onlyArchive(out);
    String policySha = Sha256.of(policy);
    String manifest = new String(ArchiveTamper.read(archive).get("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"policy\" : {\n    \"sha256\" : \"" + policySha + "\""), manifest);

    Path target = tmp.resolve("target.git");
    CliRunner.Run wrongPolicy = cli.run("restore", archive.toString(), "--target", "file://" + target, "--trust",
        keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(), "--require-policy", "0".repeat(64))
        .expect(5);
    assertTrue(wrongPolicy.err().contains("policy-required"), wrongPolicy.err());
    assertFalse(Files.exists(target), "nothing pushed");
    cli.run("restore", archive.toString(), "--target", "file://" + target, "--trust", keys.pub().toString(),
        "--workspace", tmp.resolve("ws").toString(), "--require-policy", policySha).expect(0);
    assertEquals(CGit.refs(src).lines().filter(l -> l.contains("refs/heads/")).toList(),
        CGit.refs(target).lines().filter(l -> l.contains("refs/heads/")).toList());
  }

  @Test
  void badPolicyFile_isAUsageError_withTheKeyNamed() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(policy, "secret: true\n");
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--policy", policy.toString()).expect(2);
    assertTrue(run.err().contains("unknown key 'secret'"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
  }

  @Test
  void policyWithAFleetRestore_isRefused_notIgnored() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n");
    CliRunner.Run run = new CliRunner(tmp).run("restore", Files.createDirectories(tmp.resolve("archives")).toString(),
        "--target-template", "file://" + tmp + "/targets/{name}.git", "--allow-unsigned", "--policy", policy.toString())
        .expect(2);
    assertTrue(run.err().contains("not available with --target-template"), run.err());
  }

  @Test
  void restore_withMaxFileSizeBelowAnLfsObject_exits5_andPushesNothing_evenOnASecondRun() throws Exception {
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), null, null);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    Path policy = tmp.resolve("receiving-side.yaml");
    Files.writeString(policy, "max-file-size: 100K\n");
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    String[] restore = {"restore", archive.toString(), "--target", "file://" + target, "--trust",
        keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(), "--policy", policy.toString()};

    for (int run = 1; run <= 2; run++) {
      CliRunner.Run refused = cli.run(restore).expect(5);
      assertTrue(refused.err().contains("max-file-size at data/big.bin"), refused.err());
      assertTrue(refused.err().contains("Git LFS object " + LfsSampleRepo.oid(repo.expected.get("main")
          .get("data/big.bin"))), refused.err());
      assertEquals("", CGit.refs(target).strip(), "no ref pushed (run " + run + ")");
      assertFalse(Files.exists(target.resolve("lfs/objects")), "no LFS object uploaded (run " + run + ")");
    }
    Files.writeString(policy, "max-file-size: 1M\n");
    cli.run(restore).expect(0);
    assertFalse(CGit.refs(target).isBlank());
  }

  @Test
  void dependencyUnderADeniedLicence_exits5_namingIt() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path registryRoot = tmp.resolve("registry");
    Path src = npmProject(registryRoot);
    Path policy = tmp.resolve("licences.yaml");
    Files.writeString(policy, "deny-licenses: [GPL-3.0-only, AGPL-3.0-only]\n");
    try (RegistryServer registry = RegistryServer.serve(registryRoot)) {
      CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
          "--npm-registry", registry.url(), "--policy", policy.toString()).expect(5);
      assertTrue(refused.err().contains("deny-licenses at dependencies/npm/tiny-gpl/-/tiny-gpl-3.1.0.tgz"),
          refused.err());
      assertTrue(refused.err().contains("npm:tiny-gpl@3.1.0 has licence GPL-3.0-only"), refused.err());
      assertFalse(refused.err().contains("tiny-mit"), refused.err());
      assertFalse(Files.exists(tmp.resolve("out")) && !Fixtures.listAll(tmp.resolve("out")).isEmpty());

      Files.writeString(policy, "allow-licenses: [MIT, Apache-2.0]\n");
      CliRunner.Run notAllowed = cli.run("create", "--source", src.toString(), "--output",
          tmp.resolve("out").toString(), "--npm-registry", registry.url(), "--policy", policy.toString()).expect(5);
      assertTrue(notAllowed.err().contains("allow-licenses at dependencies/npm/tiny-gpl"), notAllowed.err());

      Files.writeString(policy, "deny-licenses: [AGPL-3.0-only]\n");
      cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
          "--npm-registry", registry.url(), "--policy", policy.toString()).expect(0);
    }
  }

  @Test
  void restore_checksTheManifestsLicences_deniedExits5BeforeAnyPush_withCreatesFingerprint_allowedPasses()
      throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path registryRoot = tmp.resolve("registry");
    Path src = npmProject(registryRoot);
    Path target = tmp.resolve("target.git");
    git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    git(target, "update-ref", "refs/heads/main", "HEAD~1"); // the target holds the history before the npm app
    String before = CGit.refs(target);
    Path deny = Files.writeString(tmp.resolve("deny.yaml"), "deny-licenses: [GPL-3.0-only]\n");
    String createFingerprint;
    try (RegistryServer registry = RegistryServer.serve(registryRoot)) {
      CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("refused")
          .toString(), "--npm-registry", registry.url(), "--policy", deny.toString()).expect(5);
      createFingerprint = onlyFingerprint(refused.err());
      cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(), "--sign-key",
          keys.secret().toString(), "--npm-registry", registry.url()).expect(0);
    }
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    String manifest = new String(ArchiveTamper.read(archive).get("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"license\" : \"GPL-3.0-only\""), manifest);
    assertTrue(manifest.contains("\"license\" : \"MIT\""), manifest);

    String[] restore = {"restore", archive.toString(), "--target", "file://" + target, "--trust",
        keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(), "--policy", deny.toString()};
    CliRunner.Run refused = cli.run(restore).expect(5);
    assertTrue(refused.err().contains("deny-licenses at dependencies/npm/tiny-gpl/-/tiny-gpl-3.1.0.tgz"), refused.err());
    assertTrue(refused.err().contains("npm:tiny-gpl@3.1.0 has licence GPL-3.0-only"), refused.err());
    assertFalse(refused.err().contains("does not check licences"), refused.err());
    assertEquals(createFingerprint, onlyFingerprint(refused.err()), "the same finding on both sides");
    assertEquals(before, CGit.refs(target), "nothing pushed");

    Files.writeString(deny, "allow-licenses: [MIT, GPL-3.0-only]\ndeny-licenses: [AGPL-3.0-only]\n");
    cli.run(restore).expect(0);
    assertEquals(git(src, "rev-parse", "refs/heads/main").strip(), git(target, "rev-parse", "refs/heads/main").strip());
  }

  @Test
  void mavenAndPythonLicences_areReadOnCreate_andADeniedOneExits5NamingIt() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path repo = tmp.resolve("maven-repo");
    MavenFixtures.licensedLibrary(repo, "com.example.gpl", "gpl-lib", "1.0", "GNU General Public License v3.0 only");
    Path index = tmp.resolve("pypi");
    PythonFixtures.Dist agpl = PythonFixtures.wheel(index, "tinypy-agpl", "1.0", "py3-none-any", "AGPL-3.0-only");
    PythonFixtures.index(index, "tinypy-agpl", List.of(agpl), false);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.singleModuleProject(src, "com.example.gpl", "gpl-lib", "1.0");
    SampleRepos.write(src, "requirements.txt", "tinypy-agpl==1.0 --hash=sha256:" + agpl.sha256() + "\n");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven and python dependencies");
    Path policy = Files.writeString(tmp.resolve("licences.yaml"), "deny-licenses: [GPL-3.0-only, AGPL-3.0-only]\n");
    try (RegistryServer maven = RegistryServer.serve(repo).withMavenFallback(MavenFixtures.localRepository());
         RegistryServer pypi = RegistryServer.serve(index)) {
      CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
          "--maven-repo", maven.url(), "--pip-index", pypi.url() + "simple/", "--policy", policy.toString()).expect(5);
      String err = refused.err();
      assertTrue(err.contains("deny-licenses at dependencies/maven/com/example/gpl/gpl-lib/1.0/gpl-lib-1.0.jar"), err);
      assertTrue(err.contains("maven:com.example.gpl:gpl-lib@1.0 has licence GPL-3.0-only"), err);
      assertTrue(err.contains("python:tinypy-agpl@1.0 has licence AGPL-3.0-only"), err);
      assertEquals(2, FINGERPRINT.matcher(err).results().count(), "one finding per package, not per file: " + err);
      assertFalse(Files.exists(tmp.resolve("out")) && !Fixtures.listAll(tmp.resolve("out")).isEmpty());
    }
  }

  /** A repository whose second commit adds an npm app depending on tiny-mit (MIT) and tiny-gpl (GPL-3.0-only). */
  private Path npmProject(Path registryRoot) throws Exception {
    NpmFixtures.Pkg ok = NpmFixtures.pack(tmp, registryRoot, "tiny-mit", "1.0.0", Map.of(), "MIT");
    NpmFixtures.Pkg gpl = NpmFixtures.pack(tmp, registryRoot, "tiny-gpl", "3.1.0", Map.of(), "GPL-3.0-only");
    Path src = SampleRepos.simple(tmp.resolve("src"));
    NpmFixtures.writeProject(src.resolve("web"), List.of(ok, gpl), List.of(ok, gpl), "https://registry.npmjs.org/");
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "web app");
    return src;
  }

  private static String onlyFingerprint(String err) {
    List<String> all = FINGERPRINT.matcher(err).results().map(m -> m.group(1)).toList();
    assertEquals(1, all.size(), err);
    return all.get(0);
  }

  /** The AWS key and the private key body nowhere in the output or the logs, which do name the finding. */
  static void assertNoSecretAnywhere(String output, Path logs) throws Exception {
    assertFalse(output.contains(AWS_KEY), output);
    assertFalse(output.contains(KEY_BODY), output);
    try (Stream<Path> files = Files.walk(logs)) {
      List<Path> logFiles = files.filter(Files::isRegularFile).toList();
      assertFalse(logFiles.isEmpty(), "the runs wrote logs to check");
      boolean named = false;
      for (Path f : logFiles) {
        String log = Files.readString(f);
        named |= log.contains("config/settings.env");
        assertFalse(log.contains(AWS_KEY) || log.contains(KEY_BODY), "secret in " + f);
      }
      assertTrue(named, "the logs name the finding (without its value)");
    }
  }
}
