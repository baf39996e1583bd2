package io.airgap.archiver.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer of {@code git-lfs-authenticate} is the SSH server's word: checked, and never echoed. */
class SshLfsAuthenticateTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static SshLfsAuthenticate.Grant parse(String json) throws OperationFailedException {
    return SshLfsAuthenticate.parse(json.getBytes(StandardCharsets.UTF_8), NOW, "ssh://git@host/repo.git");
  }

  @Test
  void expiresInAndExpiresAt_setWhenTheGrantIsRenewed() throws Exception {
    SshLfsAuthenticate.Grant in = parse("{\"href\":\"https://lfs.example/repo/\",\"header\":{\"Authorization\":\"RemoteAuth x\"},"
        + "\"expires_in\":60}");
    assertEquals(URI.create("https://lfs.example/repo"), in.href());
    assertEquals("RemoteAuth x", in.authorization());
    assertFalse(in.expired(NOW.plusSeconds(54)));
    assertTrue(in.expired(NOW.plusSeconds(55)), "renewed a little before it runs out, as git-lfs does");
    SshLfsAuthenticate.Grant at = parse("{\"href\":\"https://lfs.example/r\",\"expires_at\":\"2026-01-02T04:00:00+01:00\"}");
    assertTrue(at.expired(NOW));
    assertEquals(Map.of(), at.header());
    assertNull(parse("{\"href\":\"https://lfs.example/r\",\"expires_at\":\"0001-01-01T00:00:00Z\"}").expiresAt(),
        "git-lfs's zero time: does not expire");
  }

  @Test
  void hostileAnswers_areRefusedWithoutEchoingThem() {
    String secret = "Bearer s3cr3t-value";
    for (String json : new String[] {
        "not json " + secret,
        "{\"header\":{\"Authorization\":\"" + secret + "\"}}",
        "{\"href\":\"file:///etc\",\"header\":{\"Authorization\":\"" + secret + "\"}}",
        "{\"href\":\"/srv/git/repo.git\"}",
        "{\"href\":\"https://user:pw@lfs.example/r\"}",
        "{\"href\":\"https://lfs.example/r\",\"header\":{\"Authorization\":\"" + secret + "\\r\\nX-Evil: 1\"}}",
        "{\"href\":\"https://lfs.example/r\",\"header\":{\"Bad Name\":\"" + secret + "\"}}",
        "{\"href\":\"https://lfs.example/r\",\"expires_at\":\"tomorrow\"}"}) {
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> parse(json), json);
      assertTrue(e.getMessage().startsWith("git-lfs-authenticate on ssh://git@host/repo.git answered "), e.getMessage());
      assertFalse(e.getMessage().contains("s3cr3t") || e.getMessage().contains("pw@"), e.getMessage());
    }
  }

  @Test
  void thePathIsOneWordForTheServersShell() {
    assertEquals("'/srv/it'\\''s repo.git'", SshLfsAuthenticate.quote("/srv/it's repo.git"));
  }
}
