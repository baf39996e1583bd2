package io.airgap.archiver.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The service's small read-only status page (one self-contained HTML document, refreshed every
 * 30 s) and, when a token is set, its login form. The one script, the log-out button's, is allowed
 * by its hash in {@link #POLICY}; no other script, no frame around the pages, no form to elsewhere.
 */
final class MirrorStatusPage {
  /** Logs out with a JSON POST: the one form-encoded POST this server takes is the login. */
  private static final String LOGOUT_SCRIPT = "document.getElementById('logout').addEventListener('click',function(){"
      + "fetch('/logout',{method:'POST',headers:{'Content-Type':'application/json'},body:'{}'})"
      + ".then(function(){location.replace('/');});});";
  /** The Content-Security-Policy of both pages. */
  static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
      + sha256(LOGOUT_SCRIPT) + "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final String STYLE = """
      <style>
      body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
      table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}
      th{background:#f4f4f4}.failed .state{color:#b00020;font-weight:bold}.ok .state{color:#1b7f3b}
      .failed-over .state{color:#b36b00;font-weight:bold}#summary{font-size:1.2rem;margin-bottom:1rem}
      #logout{float:right}#message{color:#b00020}label,input,button{font-size:1rem}
      </style>""";

  private MirrorStatusPage() {}

  /** The login form, with {@code message} (never anything the client sent) above it, or none. */
  static String login(String message) {
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="same-origin">
        <title>Air-Gap Archiver mirrors: log in</title>
        %s</head><body>
        <h1>Mirrors</h1>
        <p>This status page needs the service's token (ARCHIVER_MIRROR_TOKEN).</p>
        %s<form method="post" action="/login">
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <button type="submit">Log in</button>
        </form>
        </body></html>
        """.formatted(STYLE, message == null ? "" : "<p id=\"message\">" + esc(message) + "</p>\n");
  }

  /** The status page; {@code logout}: with a log-out button (the pages need a login). */
  static String render(List<MirrorStatus> statuses, boolean logout) {
    long failing = MirrorStatuses.failing(statuses);
    StringBuilder rows = new StringBuilder();
    for (MirrorStatus s : statuses) {
      rows.append("<tr class=\"").append(css(s.state())).append("\"><td>").append(esc(s.name()))
          .append("</td><td class=\"state\">").append(esc(s.state())).append("</td><td>")
          .append(esc(s.sourceInUse())).append("</td><td>")
          .append(esc(s.lastAttempt())).append("</td><td>").append(esc(s.lastSuccess())).append("</td><td>")
          .append(esc(s.nextDue())).append("</td><td>").append(esc(s.lastError())).append("</td></tr>\n");
    }
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
        <meta name="referrer" content="same-origin">
        <title>Air-Gap Archiver mirrors</title>
        %s</head><body>
        %s<h1>Mirrors</h1>
        <p id="summary">%d mirror(s), %d failing</p>
        <table><thead><tr><th>mirror</th><th>state</th><th>source in use</th><th>last attempt</th>
        <th>last success</th><th>next due</th><th>last error</th></tr></thead>
        <tbody>
        %s</tbody></table>
        %s</body></html>
        """.formatted(STYLE, logout ? "<button id=\"logout\" type=\"button\">Log out</button>\n" : "",
            statuses.size(), failing, rows, logout ? "<script>" + LOGOUT_SCRIPT + "</script>\n" : "");
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String css(String state) {
    return state == null ? "" : state.replaceAll("[^a-z-]", "");
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
