package io.airgap.archiver.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a location is shown — in messages, logs, results, status files, the mirror API,
 * metrics labels and notifications: its user info is removed ({@code https://user:pw@host/r} shows
 * as {@code https://host/r}; for {@code ssh://} and scp-like {@code user@host:path} the user name,
 * an account name rather than a secret, stays and only a password goes), and the value of every
 * query or fragment parameter whose name says it is a secret ({@code token}, {@code access_token},
 * {@code private_token}, {@code X-Amz-Signature}, {@code sig}, {@code key}, {@code password}, …) is
 * replaced by {@code ***}. Works on the text as written, so a location that no URI parser accepts
 * (a template with {@code {name}}, a password with a raw {@code /}) is still redacted.
 */
public final class Redaction {
  /** What replaces a secret parameter's value. */
  public static final String MASK = "***";

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern URL_IN_TEXT = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>`]+");
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(token|secret|passw|pwd|sig|credential|auth|key|session|code|ticket|jwt|bearer).*");

  private Redaction() {}

  /** One location (URL, scp-like address or path), fit to show; null stays null. */
  public static String url(String location) {
    if (location == null) {
      return null;
    }
    int colonSlashes = location.indexOf("://");
    String shown = colonSlashes > 0 && SCHEME.matcher(location.substring(0, colonSlashes)).matches()
        ? withoutUserInfo(location, colonSlashes)
        : scpWithoutPassword(location);
    return withoutSecretParameters(shown);
  }

  /** {@link #url(String)} of a parsed location; null stays null. */
  public static String url(java.net.URI location) {
    return location == null ? null : url(location.toString());
  }

  /** Free text (an error message, a server's answer) with every URL in it redacted as {@link #url}. */
  public static String text(String text) {
    if (text == null || !text.contains("://")) {
      return text;
    }
    Matcher m = URL_IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(url(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String withoutUserInfo(String location, int colonSlashes) {
    String scheme = location.substring(0, colonSlashes);
    String rest = location.substring(colonSlashes + 3);
    int at = userInfoEnd(rest);
    if (at < 0) {
      return location;
    }
    String userInfo = rest.substring(0, at);
    String host = rest.substring(at + 1);
    if (scheme.toLowerCase(Locale.ROOT).contains("ssh")) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      return scheme + "://" + (user.isEmpty() ? "" : user + "@") + host;
    }
    return scheme + "://" + host;
  }

  /**
   * Where the user info ends (its {@code @}), or -1: the last {@code @} of the authority; or, when a
   * raw {@code /}, {@code ?} or {@code #} in a password cut the authority short (what comes after its
   * {@code :} is no port number), the first {@code @}.
   */
  private static int userInfoEnd(String rest) {
    int end = firstOf(rest, "/?#");
    int at = rest.lastIndexOf('@', end - 1);
    if (at >= 0) {
      return at;
    }
    int first = rest.indexOf('@');
    String authority = rest.substring(0, end);
    int colon = authority.indexOf(':');
    if (first > end && colon >= 0 && !authority.startsWith("[")
        && !authority.substring(colon + 1).matches("\\d*")) {
      return first;
    }
    return -1;
  }

  /** {@code user:password@host:path} (scp syntax has no password, but people write one) keeps {@code user@host:path}. */
  private static String scpWithoutPassword(String location) {
    int at = location.indexOf('@');
    if (at < 0) {
      return location;
    }
    String before = location.substring(0, at);
    int colon = before.indexOf(':');
    if (colon < 0 || before.indexOf('/') >= 0 || before.indexOf('\\') >= 0) {
      return location;
    }
    return before.substring(0, colon) + location.substring(at);
  }

  private static String withoutSecretParameters(String location) {
    int query = firstOf(location, "?#");
    if (query >= location.length() || location.indexOf('=', query) < 0) {
      return location;
    }
    StringBuilder out = new StringBuilder(location.substring(0, query + 1));
    String params = location.substring(query + 1);
    int start = 0;
    for (int i = 0; i <= params.length(); i++) {
      char c = i < params.length() ? params.charAt(i) : '&';
      if (c == '&' || c == ';' || c == '#' || c == '?') {
        out.append(masked(params.substring(start, i)));
        if (i < params.length()) {
          out.append(c);
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  private static String masked(String parameter) {
    int eq = parameter.indexOf('=');
    if (eq < 0 || !SECRET_NAME.matcher(parameter.substring(0, eq)).matches()) {
      return parameter;
    }
    return parameter.substring(0, eq + 1) + MASK;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }
}
