package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One origin per (scheme, host, port), however a URL spells it; local locations have none. */
class OriginTest {
  @ParameterizedTest
  @CsvSource({
      "HTTPS://Git.Example.COM/team/app.git, https://git.example.com:443",
      "https://git.example.com:443, https://git.example.com:443",
      "https://user:secret@git.example.com/x, https://git.example.com:443",
      "http://git.example.com, http://git.example.com:80",
      "http://my_host:8080/path, http://my_host:8080",
      "http://[::1]:9000/x, http://[::1]:9000",
      "ssh://git@git.example.com/team/app.git, ssh://git.example.com:22",
      "git@git.example.com:team/app.git, ssh://git.example.com:22",
      "git://git.example.com/app, git://git.example.com:9418",
      "https://git.example.com?x=1, https://git.example.com:443",
  })
  void normalises(String url, String origin) {
    assertEquals(origin, Origin.of(url).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/srv/git/other", "../other", "./x", "file:///srv/git/other", "FILE:///x", "C:\\repo",
      "https://", "http://host:port/", ""})
  void localOrBrokenLocations_haveNone(String location) {
    assertNull(Origin.of(location));
  }

  @Test
  void scope_allowsItsOriginsOnly_andSaysOnceWhatItWithheld() {
    CredentialScope scope = CredentialScope.of(List.of("https://git.example.com/team/app.git", "/local/path"),
        "pass --credential-origin %s");
    assertTrue(scope.allows("https://GIT.example.com:443/other/repo.git"));
    assertFalse(scope.allows("https://git.example.com:8443/team/app.git"));
    assertFalse(scope.allows("http://git.example.com/team/app.git"));
    assertFalse(scope.allows("/local/path"));
    assertTrue(scope.with("https://lfs.example.com/x").allows("https://lfs.example.com/y"));

    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      scope.withheld("SOURCE_TOKEN", "https://user:pw@evil.example.net:444/path?token=x",
          e -> warnings.add(((ProgressEvent.Message) e).text()));
    }
    assertEquals(List.of("SOURCE_TOKEN was not sent to https://evil.example.net:444: it is bound to"
        + " https://git.example.com:443 only; to send it there too, pass --credential-origin https://evil.example.net:444"),
        warnings);
  }
}
