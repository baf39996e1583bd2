package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator opens the mirror service's status page in a browser (headless Chromium, driven over
 * DevTools as a person types and presses keys), with {@code ARCHIVER_MIRROR_TOKEN} set: the login
 * form, a wrong token, the right one, the page, a page on another port of the same host that posts
 * with the session cookie, and logging out. The token never shows in a URL or a page.
 */
class MirrorLoginInChromiumTest {
  private static final String TOKEN = "chromium-login-token-4f1c";
  @TempDir Path tmp;

  @Test
  void operatorLogsInWithTheToken_seesTheStatusPage_aSameHostPageCannotPostWithTheCookie_andLogsOut()
      throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "%s" ]
            interval: 1h
        """.formatted(src, tmp.resolve("target.git")));
    new CliRunner(tmp).run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    try (CliProcess service = CliProcess.start(tmp, Map.of("ARCHIVER_MIRROR_TOKEN", TOKEN), "mirror", "run",
            "--config", config.toString(), "--http", "127.0.0.1:0");
        DevToolsBrowser browser = DevToolsBrowser.start(tmp)) {
      String base = "http://127.0.0.1:" + MirrorApiGuardTest.port(service);

      browser.open(base + "/");
      String form = browser.html();
      assertTrue(form.contains("<form method=\"post\" action=\"/login\">"), form);
      assertTrue(form.contains("type=\"password\""), form);
      assertFalse(form.contains("id=\"summary\""), "no status before the login: " + form);

      browser.type("#token", "not-the-token");
      browser.pressEnter("#token");
      assertEquals(401, browser.lastStatus(base + "/login"));
      assertTrue(browser.html().contains("That token was not accepted."), browser.html());
      assertTrue(browser.setCookieHeaders().isEmpty(), browser.setCookieHeaders().toString());
      assertEquals(0, browser.cookies(base + "/").size(), browser.cookies(base + "/").toString());

      browser.type("#token", TOKEN);
      browser.pressEnter("#token");
      String page = browser.html();
      assertTrue(page.contains("<p id=\"summary\">1 mirror(s), 0 failing</p>"), page);
      assertTrue(page.contains("<td class=\"state\">ok</td>"), page);
      assertEquals(303, browser.lastStatus(base + "/login"));
      List<String> setCookie = browser.setCookieHeaders();
      assertEquals(1, setCookie.size(), setCookie.toString());
      List<String> attributes = List.of(setCookie.get(0).split(";\\s*"));
      assertTrue(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict")
          && attributes.contains("Path=/"), setCookie.toString());
      JsonNode cookies = browser.cookies(base + "/");
      assertEquals(1, cookies.size(), cookies.toString());
      JsonNode cookie = cookies.get(0);
      assertTrue(cookie.get("httpOnly").asBoolean(), cookie.toString());
      assertEquals("Strict", cookie.get("sameSite").asText(), cookie.toString());
      assertFalse(cookie.get("value").asText().contains(TOKEN), cookie.toString());
      assertTrue(cookie.get("value").asText().length() >= 22, "at least 128 bits: " + cookie);
      String source = MirrorApiGuardTest.curl(tmp, "-H", "Cookie: " + cookie.get("name").asText() + "="
          + cookie.get("value").asText(), base + "/").body();
      assertTrue(source.contains("id=\"summary\""), source);
      for (String html : List.of(form, page, source)) {
        assertFalse(html.contains(TOKEN), "the token is in a page: " + html);
      }

      // a page on another port of this host is the same site: the Strict cookie goes along with its form POSTs
      HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
      for (String target : List.of("logout", "login")) {
        byte[] html = """
            <!DOCTYPE html><html><body><form id="f" method="POST" action="%s/%s">
            <input name="token" value="%s"></form><script>
            window.addEventListener('load', () => setTimeout(() => document.getElementById('f').submit(), 0));</script>
            </body></html>""".formatted(base, target, TOKEN).getBytes(StandardCharsets.UTF_8);
        elsewhere.createContext("/" + target, exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, html.length);
          exchange.getResponseBody().write(html);
          exchange.close();
        });
      }
      elsewhere.start();
      try {
        String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        for (String target : List.of("logout", "login")) {
          browser.open(other + "/" + target, 2);
          assertEquals(403, browser.lastStatus(base + "/" + target), target);
          List<String> sent = browser.cookiesSentTo(base + "/" + target);
          assertTrue(sent.get(sent.size() - 1).contains(cookie.get("name").asText() + "=" + cookie.get("value").asText()),
              "the refused POST carried the session cookie (SameSite alone does not stop it): " + sent);
          assertTrue(browser.html().contains("refused: a request from another origin"), browser.html());
        }
      } finally {
        elsewhere.stop(0);
      }
      assertEquals(1, browser.setCookieHeaders().size(), "no login from the other page: " + browser.setCookieHeaders());
      browser.open(base + "/");
      assertTrue(browser.html().contains("id=\"summary\""), "still logged in: " + browser.html());

      browser.pressEnter("#logout");
      assertTrue(browser.html().contains("<form method=\"post\" action=\"/login\">"), browser.html());
      assertEquals(0, browser.cookies(base + "/").size(), browser.cookies(base + "/").toString());
      MirrorApiGuardTest.Reply old = MirrorApiGuardTest.curl(tmp, "-H", "Cookie: " + cookie.get("name").asText()
          + "=" + cookie.get("value").asText(), base + "/");
      assertEquals(401, old.status(), "the logged-out session opens nothing: " + old);

      for (String url : browser.requestedUrls()) {
        assertFalse(url.contains(TOKEN), "the token is in a URL Chromium visited: " + url);
      }
      assertTrue(browser.requestedUrls().contains(base + "/login"), browser.requestedUrls().toString());
    }
  }
}
