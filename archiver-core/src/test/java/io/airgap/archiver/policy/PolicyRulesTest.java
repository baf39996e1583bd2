package io.airgap.archiver.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.manifest.LicenseExpression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in credential rules, deny-path globs, licence rules and policy-file parsing, each shown to find and to pass. */
class PolicyRulesTest {
  @TempDir Path tmp;

  private static List<String> scan(String text) {
    return SecretRules.match(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachCredentialRule_findsItsKind() {
    assertEquals(List.of("secret/aws-access-key-id"), scan("key_id=AKIAQWERTYUIOPASDF12\n"));
    assertEquals(List.of("secret/aws-secret-access-key"),
        scan("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));
    assertEquals(List.of("secret/private-key"), scan("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n"));
    assertEquals(List.of("secret/github-token"), scan("token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n")
        .stream().filter(r -> !r.contains("generic")).toList());
    assertEquals(List.of("secret/gitlab-token"), scan("GITLAB=glpat-x8Yz1aB2cD3eF4gH5iJ6\n"));
    assertEquals(List.of("secret/slack-token"), scan("SLACK=xoxb-123456789012-abcdefABCDEF\n"));
    assertEquals(List.of("secret/generic-high-entropy"), scan("api_key = \"q8Zr2LmX0vT7bN4kW9sY3cJ6\"\n"));
  }

  @Test
  void ordinaryText_findsNothing() {
    assertEquals(List.of(), scan("password = \"changeme-changeme\"\n")); // low entropy
    assertEquals(List.of(), scan("the AKIA prefix names AWS key ids; AKIASHORT is not one\n"));
    assertEquals(List.of(), scan("-----BEGIN PUBLIC KEY-----\nMFkw\n"));
    assertEquals(List.of(), scan("token = os.environ['TOKEN']\n"));
  }

  @Test
  void denyPathGlobs_followGitignoreReading() {
    PathGlob pem = new PathGlob("**/*.pem");
    assertTrue(pem.matches("server.pem"));
    assertTrue(pem.matches("certs/prod/server.pem"));
    assertFalse(pem.matches("certs/server.pem.txt"));
    PathGlob env = new PathGlob(".env*");
    assertTrue(env.matches(".env"));
    assertTrue(env.matches("app/.env.local"));
    assertFalse(env.matches("src/env.txt"));
    assertTrue(new PathGlob("**/id_rsa").matches("home/.ssh/id_rsa"));
    assertFalse(new PathGlob("secrets/*.json").matches("other/secrets/a.json"));
  }

  @Test
  void fingerprint_isStable_andCarriesNoPartOfTheFinding() {
    Finding f = new Finding("secret/aws-access-key-id", "config/a.env", "c0ffee", "refs/heads/main",
        "0123456789abcdef0123456789abcdef01234567", null);
    assertEquals(f.fingerprint(), new Finding(f.rule(), f.path(), "another-commit", "refs/heads/other", f.subject(),
        "other detail").fingerprint(), "the same content at the same path is the same finding");
    assertTrue(f.fingerprint().matches("[0-9a-f]{64}"));
    assertTrue(f.describe().contains("secret/aws-access-key-id at config/a.env in commit c0ffee"));
  }

  @Test
  void policyFile_readsEveryKey_andRefusesUnknownOnes() throws Exception {
    Path file = tmp.resolve("p.yaml");
    Files.writeString(file, "secrets: true\nallow: [abc]\ndeny-paths: ['**/*.pem']\nmax-file-size: 50M\n"
        + "max-archive-size: 2G\nallow-licenses: [MIT]\ndeny-licenses: [GPL-3.0-only]\n");
    Policy p = PolicyFile.load(file);
    assertTrue(p.secrets());
    assertEquals(50L << 20, p.maxFileSize());
    assertEquals(2L << 30, p.maxArchiveSize());
    assertEquals(List.of("**/*.pem"), p.denyPaths());
    assertTrue(p.denyLicenses().contains("gpl-3.0-only"));
    assertEquals(io.airgap.archiver.internal.Sha256.of(file), p.sha256());
    Files.writeString(file, "secrets: yes-please\n");
    assertThrows(InvalidRequestException.class, () -> PolicyFile.load(file));
    Files.writeString(file, "max-file-size: huge\n");
    assertThrows(InvalidRequestException.class, () -> PolicyFile.load(file));
    Files.writeString(file, "deny-path: ['*.pem']\n");
    assertTrue(assertThrows(InvalidRequestException.class, () -> PolicyFile.load(file)).getMessage()
        .contains("unknown key 'deny-path'"));
  }

  @Test
  void licenceRules_judgeTheManifestsExpression_aChoiceAvoidingTheDeniedLicencePasses() throws Exception {
    Path file = Files.writeString(tmp.resolve("p.yaml"), "deny-licenses: [GPL-3.0-only]\n");
    Policy deny = PolicyFile.load(file);
    assertEquals(List.of(), LicenseRules.check(deny, List.of(dep("a", "(MIT OR GPL-3.0-only)"), dep("b", null))));
    List<Finding> denied = LicenseRules.check(deny, List.of(dep("c", "MIT AND GPL-3.0-only"), dep("d", "GPL-3.0"),
        dep("e", "GPL-3.0-or-later")));
    assertEquals(List.of("npm:c@1.0.0 has licence MIT AND GPL-3.0-only", "npm:d@1.0.0 has licence GPL-3.0-only"),
        denied.stream().map(Finding::detail).toList(), "the deprecated id GPL-3.0 is GPL-3.0-only; -or-later is not");

    Files.writeString(file, "allow-licenses: [MIT]\ndeny-licenses: [gpl-3.0]\n");
    Policy allow = PolicyFile.load(file);
    List<Finding> notAllowed = LicenseRules.check(allow, List.of(dep("a", "(MIT OR GPL-3.0-only)"),
        dep("b", null), dep("f", "Apache-2.0")));
    assertEquals(List.of("allow-licenses", "allow-licenses"), notAllowed.stream().map(Finding::rule).toList());
    assertEquals("npm:b@1.0.0 has no licence found, not in allow-licenses", notAllowed.get(0).detail());
  }

  @Test
  void licenceRules_oneFindingPerPackage_notPerFile_andNoneForTheBaseChainsFiles() throws Exception {
    Policy deny = PolicyFile.load(Files.writeString(tmp.resolve("p.yaml"), "deny-licenses: [EPL-2.0]\n"));
    Dependency jar = Dependency.carried("maven", "org.x:lib", "1.0", null,
        "dependencies/maven/org/x/lib/1.0/lib-1.0.jar", "0".repeat(64), null, List.of("pom.xml"), false, "EPL-2.0");
    Dependency pom = Dependency.carried("maven", "org.x:lib", "1.0", null,
        "dependencies/maven/org/x/lib/1.0/lib-1.0.pom", "1".repeat(64), null, List.of("pom.xml"), false, "EPL-2.0");
    Dependency old = Dependency.carried("maven", "org.x:old", "1.0", null,
        "dependencies/maven/org/x/old/1.0/old-1.0.jar", "2".repeat(64), null, List.of("pom.xml"), true, "EPL-2.0");
    List<Finding> findings = LicenseRules.check(deny, List.of(pom, jar, old));
    assertEquals(1, findings.size(), findings.toString());
    assertEquals(jar.path(), findings.get(0).path());
  }

  @Test
  void licenceExpressions_parseNormaliseAndRefuseNames() {
    assertEquals(Set.of("mit", "apache-2.0"), LicenseExpression.parseOrNull("(mit or Apache-2.0)").ids());
    assertEquals("MIT OR Apache-2.0", LicenseExpression.parseOrNull("(MIT or Apache-2.0)").toString());
    assertEquals("GPL-2.0-only WITH Classpath-exception-2.0",
        LicenseExpression.parseOrNull("GPL-2.0 WITH Classpath-exception-2.0").toString());
    assertEquals("(MIT OR BSD-2-Clause) AND Apache-2.0",
        LicenseExpression.parseOrNull("(MIT OR BSD-2-Clause) AND Apache-2.0").toString());
    assertNull(LicenseExpression.parseOrNull("The Apache Software License, Version 2.0"));
    assertNull(LicenseExpression.parseOrNull("MIT OR"));
    assertNull(LicenseExpression.parseOrNull("(MIT"));
  }

  @Test
  void aManifestWithoutLicenceFields_stillReads_andOneWithThemRoundTrips() throws Exception {
    ObjectMapper json = io.airgap.archiver.internal.Json.mapper();
    Dependency old = json.readValue("{\"ecosystem\":\"npm\",\"name\":\"a\",\"version\":\"1.0.0\","
        + "\"path\":\"dependencies/npm/a/-/a-1.0.0.tgz\",\"sha256\":\"" + "0".repeat(64) + "\"}", Dependency.class);
    assertNull(old.license());
    Dependency withLicense = dep("b", "MIT OR Apache-2.0");
    assertEquals(withLicense, json.readValue(json.writeValueAsString(withLicense), Dependency.class));
    assertEquals("MIT OR Apache-2.0", json.readTree(json.writeValueAsString(withLicense)).path("license").asText());
  }

  private static Dependency dep(String name, String license) {
    return Dependency.carried("npm", name, "1.0.0", null, "dependencies/npm/" + name + "/-/" + name + "-1.0.0.tgz",
        "0".repeat(64), null, List.of("package-lock.json"), false, license);
  }
}
