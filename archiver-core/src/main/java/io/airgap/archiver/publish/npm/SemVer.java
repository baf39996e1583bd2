package io.airgap.archiver.publish.npm;

/**
 * Semantic-version order, enough to decide whether a published version is newer than the
 * registry's {@code latest}: numeric major.minor.patch, a pre-release below its release, and
 * pre-release identifiers compared numerically or as text (SemVer 2.0 §11).
 */
final class SemVer {
  private SemVer() {}

  static int compare(String a, String b) {
    String[] x = split(a);
    String[] y = split(b);
    String[] cx = x[0].split("\\.");
    String[] cy = y[0].split("\\.");
    for (int i = 0; i < Math.max(cx.length, cy.length); i++) {
      int c = identifier(i < cx.length ? cx[i] : "0", i < cy.length ? cy[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    if (x[1].isEmpty() || y[1].isEmpty()) {
      return Boolean.compare(x[1].isEmpty(), y[1].isEmpty());
    }
    String[] px = x[1].split("\\.");
    String[] py = y[1].split("\\.");
    for (int i = 0; i < Math.min(px.length, py.length); i++) {
      int c = identifier(px[i], py[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(px.length, py.length);
  }

  /** {@code [core, prerelease]} without build metadata. */
  private static String[] split(String v) {
    String s = v.strip();
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    int dash = s.indexOf('-');
    return dash < 0 ? new String[] {s, ""} : new String[] {s.substring(0, dash), s.substring(dash + 1)};
  }

  private static int identifier(String a, String b) {
    boolean na = a.matches("\\d{1,18}");
    boolean nb = b.matches("\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
