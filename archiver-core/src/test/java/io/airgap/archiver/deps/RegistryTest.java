package io.airgap.archiver.deps;

import io.airgap.archiver.internal.Redaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registry credentials: where they come from, where they are sent, and that no text shows them. */
class RegistryTest {
  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void credentialsInTheUrl_becomeBasicAuth_andLeaveTheUrl() {
    Registry r = Registry.of("npm", "https://ci:hunter2@npm.corp.example/repo", "https://registry.npmjs.org/", Map.of(),
        "NPM");
    assertEquals(URI.create("https://npm.corp.example/repo/"), r.base());
    assertTrue(r.configured());
    assertEquals(basic("ci", "hunter2"), r.authorizationFor(URI.create("https://npm.corp.example/repo/a/-/a-1.tgz")));
    assertFalse(r.toString().contains("hunter2"), r.toString());
  }

  @Test
  void environmentCredentials_winOverTheUrl_andATokenIsSentAsBearer() {
    Registry basicAuth = Registry.of("maven", "https://old:x@repo.corp.example/maven2", null,
        Map.of("DEPS_MAVEN_USERNAME", "svc", "DEPS_MAVEN_PASSWORD", "s3cret"), "MAVEN");
    assertEquals(basic("svc", "s3cret"), basicAuth.authorizationFor(URI.create("https://repo.corp.example/maven2/x.pom")));
    Registry token = Registry.of("npm", null, "https://registry.npmjs.org/", Map.of("DEPS_NPM_TOKEN", "tok"), "NPM");
    assertFalse(token.configured());
    assertEquals("Bearer tok", token.authorizationFor(URI.create("https://registry.npmjs.org/a/-/a-1.tgz")));
  }

  @Test
  void credentials_areNeverSentToAnotherHostPortOrScheme() {
    Registry r = Registry.of("go", "https://proxy.corp.example:8443/go", null,
        Map.of("DEPS_GO_USERNAME", "u", "DEPS_GO_PASSWORD", "p"), "GO");
    assertNull(r.authorizationFor(URI.create("https://cdn.example/go/x.zip")));
    assertNull(r.authorizationFor(URI.create("https://proxy.corp.example/go/x.zip")));
    assertNull(r.authorizationFor(URI.create("http://proxy.corp.example:8443/go/x.zip")));
    assertEquals(basic("u", "p"), r.authorizationFor(URI.create("https://proxy.corp.example:8443/other")));
  }

  @Test
  void redact_dropsUserInfoAndMasksSecretQueryValues_andBadUrlsAreRefusedWithoutEchoingSecrets() {
    assertEquals("https://h.example/p/f.tgz?token=***&v=2",
        Redaction.url(URI.create("https://u:pw@h.example/p/f.tgz?token=abc&v=2")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Registry.of("npm", "ftp://u:pw@h.example/", null, Map.of(), "NPM"));
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
  }
}
