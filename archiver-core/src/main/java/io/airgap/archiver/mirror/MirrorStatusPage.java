package io.airgap.archiver.mirror;

import java.util.List;

/** The service's small read-only status page: one self-contained HTML document, refreshed every 30 s. */
final class MirrorStatusPage {
  private MirrorStatusPage() {}

  static String render(List<MirrorStatus> statuses) {
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
        <title>Air-Gap Archiver mirrors</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
        table{border-collapse:collapse;width:100%%}th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}
        th{background:#f4f4f4}.failed .state{color:#b00020;font-weight:bold}.ok .state{color:#1b7f3b}
        .failed-over .state{color:#b36b00;font-weight:bold}#summary{font-size:1.2rem;margin-bottom:1rem}
        </style></head><body>
        <h1>Mirrors</h1>
        <p id="summary">%d mirror(s), %d failing</p>
        <table><thead><tr><th>mirror</th><th>state</th><th>source in use</th><th>last attempt</th>
        <th>last success</th><th>next due</th><th>last error</th></tr></thead>
        <tbody>
        %s</tbody></table>
        </body></html>
        """.formatted(statuses.size(), failing, rows);
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
