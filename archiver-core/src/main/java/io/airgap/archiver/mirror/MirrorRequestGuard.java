package io.airgap.archiver.mirror;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether the mirror API may answer a request, before anything is read or run. A browser
 * on the operator's machine can reach a loopback port too: a page elsewhere can POST to it (CSRF)
 * or rebind its own name to 127.0.0.1 and read the answers (DNS rebinding). So: with a token, the
 * bearer token (compared in constant time) is the guard, and any Host is fine (a 0.0.0.0 listener
 * is reached under any of the machine's names, and a page cannot send the token); a browser that
 * logged in at the status page instead carries a session cookie, which opens the pages only (not
 * the API) — a rebinding name gets its own cookies, never this one. Without a token only the
 * loopback names are served. Whatever changes state (any method but GET, HEAD, OPTIONS) must come
 * from this server's own origin — cookies are not kept apart by port, so a page on another port of
 * the same host sends this cookie too, and only its Origin tells it apart — and, for POST, carry
 * {@code application/json}, a type no cross-origin page can send without a CORS preflight, which
 * this server never grants. The one exception is the login form's POST ({@code
 * application/x-www-form-urlencoded}, as a browser sends a form), which must be same-origin too
 * (no login CSRF) and needs no credentials: it is how they are obtained.
 */
final class MirrorRequestGuard {
  /** Why a request is refused: the status and a short plain-text message. */
  record Refusal(int status, String message) {}

  static final int UNAUTHORISED = 401;
  static final String LOGIN = "/login";
  static final String LOGOUT = "/logout";
  private static final Set<String> PAGES = Set.of("/", "/index.html", LOGIN);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  private final byte[] token;
  private final int port;
  private final Set<String> names;
  private final MirrorSessions sessions;
  private final String cookie;

  /** {@code token} as the whole Authorization value ({@code Bearer …}), or null; {@code bound} is the listener. */
  MirrorRequestGuard(String token, InetAddress bound, int port, MirrorSessions sessions) {
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.port = port;
    this.sessions = sessions;
    // cookies are not kept apart by port: two services on one host must not overwrite each other's
    this.cookie = "archiver_mirror_session_" + port;
    Set<String> own = new LinkedHashSet<>(LOOPBACK_NAMES);
    if (bound.isLoopbackAddress()) {
      // e.g. --http 127.0.0.2:PORT: its own literal is a loopback name too
      own.add(bound instanceof Inet6Address ? "[" + bound.getHostAddress().replaceAll("%.*$", "") + "]"
          : bound.getHostAddress());
    }
    this.names = Set.copyOf(own);
  }

  /** Whether a token is set (and so the pages need a login). */
  boolean tokenRequired() {
    return token != null;
  }

  /** The session cookie's name. */
  String cookieName() {
    return cookie;
  }

  /** Whether {@code given} (from the login form) is the token; in constant time. */
  boolean isToken(String given) {
    return token != null && given != null
        && MessageDigest.isEqual(token, ("Bearer " + given).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code method path} is a page a logged-in browser may read (and a login form is shown for). */
  static boolean page(String method, String path) {
    return (method.equals("GET") || method.equals("HEAD")) && PAGES.contains(path);
  }

  /** Null when the request may go on; else why not. */
  Refusal check(String method, String path, Headers headers) {
    boolean login = method.equals("POST") && path.equals(LOGIN);
    boolean logout = method.equals("POST") && path.equals(LOGOUT);
    if (token != null && !login && !logout) {
      List<String> given = headers.get("Authorization");
      if (given != null) {
        if (given.size() != 1 || !MessageDigest.isEqual(token, given.get(0).getBytes(StandardCharsets.UTF_8))) {
          return new Refusal(UNAUTHORISED, "a bearer token is required");
        }
      } else if (!page(method, path) || liveSession(headers) == null) {
        return new Refusal(UNAUTHORISED, "a bearer token is required");
      }
    } else if (token == null && !loopbackHost(headers.get("Host"))) {
      return new Refusal(421, "refused: without ARCHIVER_MIRROR_TOKEN this mirror API answers only requests"
          + " addressed to 127.0.0.1, localhost or [::1] (the Host header); use http://127.0.0.1:" + port + "/");
    }
    if (SAFE_METHODS.contains(method)) {
      return null;
    }
    String origin = single(headers, "Origin");
    if (origin != null && !ownOrigin(origin, single(headers, "Host"))) {
      return new Refusal(403, "refused: a request from another origin (Origin header) may not change anything here");
    }
    String site = single(headers, "Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return new Refusal(403, "refused: a cross-site request (Sec-Fetch-Site: " + site.replaceAll("[^a-z-]", "")
          + ") may not change anything here");
    }
    if (login) {
      return form(headers.get("Content-Type")) ? null
          : new Refusal(415, "refused: the login takes the form's Content-Type: application/x-www-form-urlencoded");
    }
    if (method.equals("POST") && !json(headers.get("Content-Type"))) {
      return new Refusal(415, "refused: POST needs Content-Type: application/json (an empty body is fine)");
    }
    return null;
  }

  private boolean loopbackHost(List<String> hosts) {
    if (hosts == null || hosts.size() != 1) {
      return false;
    }
    String host = hosts.get(0).trim().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      if (!host.substring(colon + 1).equals(Integer.toString(port))) {
        return false;
      }
      host = host.substring(0, colon);
    }
    return names.contains(host);
  }

  /** The origin a page served by this very server has: one of its names with its port (or the Host asked for). */
  private boolean ownOrigin(String origin, String host) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (host != null && o.equals("http://" + host.trim().toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String name : names) {
      if (o.equals("http://" + name + ":" + port) || (port == 80 && o.equals("http://" + name))) {
        return true;
      }
    }
    return false;
  }

  /** The id of a live session among the request's cookies of this server's name, or null. */
  String liveSession(Headers headers) {
    for (String id : sessionCookies(headers)) {
      if (sessions.live(id)) {
        return id;
      }
    }
    return null;
  }

  /** Every value of a cookie of this server's name (another service on the host may have set one too). */
  List<String> sessionCookies(Headers headers) {
    List<String> ids = new ArrayList<>();
    List<String> lines = headers.get("Cookie");
    if (lines != null) {
      for (String line : lines) {
        for (String pair : line.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().equals(cookie)) {
            ids.add(pair.substring(eq + 1).trim());
          }
        }
      }
    }
    return ids;
  }

  private static boolean json(List<String> types) {
    return mediaType(types, "application/json");
  }

  private static boolean form(List<String> types) {
    return mediaType(types, "application/x-www-form-urlencoded");
  }

  private static boolean mediaType(List<String> types, String wanted) {
    if (types == null || types.size() != 1) {
      return false;
    }
    String type = types.get(0);
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().equalsIgnoreCase(wanted);
  }

  private static String single(Headers headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.size() == 1 ? values.get(0) : "";
  }
}
