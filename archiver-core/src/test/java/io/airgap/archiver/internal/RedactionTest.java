package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The one redaction of locations: user info removed (an SSH user name kept), secret parameter values masked. */
class RedactionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "https://oauth2:glpat-SECRET@gitlab.example/g/app.git | https://gitlab.example/g/app.git",
    "http://user@127.0.0.1:8080/git/app.git               | http://127.0.0.1:8080/git/app.git",
    "https://:SECRET@host/r.git                           | https://host/r.git",
    "https://u:p@ss@host/r.git                            | https://host/r.git",
    "https://u:pa/ss@host/r.git                           | https://host/r.git",
    "https://u:pa?ss@host/r.git                           | https://host/r.git",
    "HTTPS://U:SECRET@HOST/R                              | HTTPS://HOST/R",
    "ssh://git:SECRET@host:2222/r.git                     | ssh://git@host:2222/r.git",
    "ssh://git@host/r.git                                 | ssh://git@host/r.git",
    "git+ssh://deploy:SECRET@host/r                       | git+ssh://deploy@host/r",
    "git://user:SECRET@host/r.git                         | git://host/r.git",
    "s3://AKIAID:SECRET@bucket/prefix                     | s3://bucket/prefix",
    "git@github.com:org/r.git                             | git@github.com:org/r.git",
    "deploy:SECRET@host:org/r.git                         | deploy@host:org/r.git",
    "/srv/git/a@b:c.git                                   | /srv/git/a@b:c.git",
    "https://registry.npmjs.org/@babel/core               | https://registry.npmjs.org/@babel/core",
    "https://host:8443/@scope/pkg                         | https://host:8443/@scope/pkg",
    "http://[::1]:8080/a@b                                | http://[::1]:8080/a@b",
    "https://host/api?private_token=SECRET&ref=main       | https://host/api?private_token=***&ref=main",
    "https://host/r.git?access_token=SECRET               | https://host/r.git?access_token=***",
    "https://b.s3.amazonaws.com/k?X-Amz-Credential=AK%2F1&X-Amz-Signature=SECRET&X-Amz-Expires=60 | https://b.s3.amazonaws.com/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60",
    "https://acct.blob.core.windows.net/c/b?sv=2020&sig=SECRET | https://acct.blob.core.windows.net/c/b?sv=2020&sig=***",
    "https://host/cb#access_token=SECRET&state=1          | https://host/cb#access_token=***&state=1",
    "https://u:SECRET@git.internal/{group}/{name}.git     | https://git.internal/{group}/{name}.git",
    "relative/path                                        | relative/path",
  })
  void url_removesCredentials(String given, String shown) {
    assertEquals(shown, Redaction.url(given));
  }

  @Test
  void text_redactsEveryUrlInIt_andLeavesTheRest() {
    assertEquals("cannot fetch https://host/a.git (401); mirror 'x' via ssh://git@h/r and 'https://h2/b?token=***'",
        Redaction.text("cannot fetch https://u:SECRET@host/a.git (401); mirror 'x' via ssh://git:SECRET@h/r and"
            + " 'https://h2/b?token=SECRET'"));
    assertEquals("{\"source\":\"http://127.0.0.1:1/r\"}", Redaction.text("{\"source\":\"http://o:SECRET@127.0.0.1:1/r\"}"));
    assertEquals("no URL here: a@b:c", Redaction.text("no URL here: a@b:c"));
    assertNull(Redaction.text(null));
    assertNull(Redaction.url((String) null));
  }

  @Test
  void isIdempotent() {
    String once = Redaction.url("https://u:SECRET@h/r?token=SECRET");
    assertEquals(once, Redaction.url(once));
  }
}
