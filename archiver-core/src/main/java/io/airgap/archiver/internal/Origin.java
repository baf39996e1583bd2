package io.airgap.archiver.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Where a network request goes, as far as credentials care: scheme, host and port, with the
 * scheme's default port filled in and scheme and host in lower case, so {@code HTTPS://Git.Example.com}
 * and {@code https://git.example.com:443/x} are the same origin. Parsed by hand rather than by
 * {@link URI}, which gives no host for names with {@code _} and would let such a URL slip past.
 */
public record Origin(String scheme, String host, int port) {
  private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "ssh", 22, "git", 9418);

  /**
   * The origin of a network location: {@code scheme://[user@]host[:port]/…} or scp-style
   * {@code [user@]host:path} (ssh); {@code null} for a local path, a {@code file:} URL or anything
   * without a host.
   */
  public static Origin of(String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    String s = location.strip();
    int sep = s.indexOf("://");
    if (sep < 0) {
      return scpLike(s);
    }
    String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*") || scheme.equals("file")) {
      return null;
    }
    String rest = s.substring(sep + 3);
    int end = indexOfAny(rest, "/?#\\");
    String authority = end < 0 ? rest : rest.substring(0, end);
    return fromAuthority(scheme, authority.substring(authority.lastIndexOf('@') + 1));
  }

  /** {@link #of(String)} of a URI. */
  public static Origin of(URI uri) {
    return uri == null ? null : of(uri.toString());
  }

  /** {@code git@host:path} as git reads it: a colon before any slash, and not a one-letter drive. */
  private static Origin scpLike(String s) {
    int colon = s.indexOf(':');
    int slash = s.indexOf('/');
    if (colon <= 1 || (slash >= 0 && slash < colon)) {
      return null;
    }
    String host = s.substring(s.lastIndexOf('@', colon) + 1, colon);
    return host.isEmpty() ? null : new Origin("ssh", host.toLowerCase(Locale.ROOT), 22);
  }

  private static Origin fromAuthority(String scheme, String hostPort) {
    String host = hostPort;
    String port = null;
    if (hostPort.startsWith("[")) { // IPv6 literal
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = hostPort.substring(0, close + 1);
      port = hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':' ? hostPort.substring(close + 2) : null;
    } else if (hostPort.contains(":")) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = hostPort.substring(hostPort.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      return null;
    }
    int number;
    if (port == null || port.isEmpty()) {
      number = DEFAULT_PORTS.getOrDefault(scheme, -1);
    } else if (port.matches("\\d{1,5}")) {
      number = Integer.parseInt(port);
    } else {
      return null;
    }
    return new Origin(scheme, host.toLowerCase(Locale.ROOT), number);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@code scheme://host:port}: no user, no path, nothing secret; what messages show. */
  @Override
  public String toString() {
    return scheme + "://" + host + (port < 0 ? "" : ":" + port);
  }
}
