package io.airgap.archiver.deps;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.Origin;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A registry (or the company's mirror of it): its base URL without credentials, and the
 * Authorization header to send to that host only. {@link #toString()} never shows the credentials.
 */
public final class Registry {
  private final String ecosystem;
  private final URI base;
  private final boolean configured;
  private final String username;
  private final String password;
  private final String authorization;

  private Registry(String ecosystem, URI base, boolean configured, String username, String password,
      String authorization) {
    this.ecosystem = ecosystem;
    this.base = base;
    this.configured = configured;
    this.username = username;
    this.password = password;
    this.authorization = authorization;
  }

  /**
   * The registry at {@code url} (or {@code publicDefault} when null). Credentials come from
   * {@code DEPS_<PREFIX>_TOKEN} (bearer) or {@code DEPS_<PREFIX>_USERNAME}/{@code _PASSWORD} (basic),
   * else from user info in the URL, which is then removed.
   */
  public static Registry of(String ecosystem, String url, String publicDefault, Map<String, String> env,
      String prefix) {
    boolean configured = url != null && !url.isBlank();
    URI uri = toUri(configured ? url.trim() : publicDefault);
    String user = null;
    String pass = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      pass = parts.length > 1 ? parts[1] : "";
      uri = withoutUserInfo(uri);
    }
    String envUser = env.get("DEPS_" + prefix + "_USERNAME");
    String envPass = env.get("DEPS_" + prefix + "_PASSWORD");
    String token = env.get("DEPS_" + prefix + "_TOKEN");
    if (envUser != null && !envUser.isEmpty()) {
      user = envUser;
      pass = envPass == null ? "" : envPass;
    }
    String header = null;
    if (token != null && !token.isEmpty()) {
      header = "Bearer " + token;
    } else if (user != null) {
      header = "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    uri = uri.resolve(path.endsWith("/") ? path : path + "/");
    return new Registry(ecosystem, uri, configured, user, pass, header);
  }

  /** The base URL, ending in {@code /}, without credentials. */
  public URI base() {
    return base;
  }

  /** Whether the operator named this registry (so lock files' URLs are rewritten to it). */
  public boolean configured() {
    return configured;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /**
   * The Authorization header for {@code url}, or null when it is not on this registry's origin
   * (scheme, host, port): a tarball or file URL from the registry's metadata, or a redirect, on
   * another origin is fetched without the credentials.
   */
  public String authorizationFor(URI url) {
    if (authorization == null) {
      return null;
    }
    Origin origin = Origin.of(url);
    return origin != null && origin.equals(Origin.of(base)) ? authorization : null;
  }

  /** {@code base} joined with a relative path. */
  public URI resolve(String relative) {
    return base.resolve(relative);
  }


  @Override
  public String toString() {
    return ecosystem + " registry " + Redaction.url(base);
  }

  private static URI toUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
        throw new IllegalArgumentException("registry URL must be http(s):// or file://, not " + Redaction.url(url));
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + Redaction.url(url));
    }
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + Redaction.url(uri));
    }
  }
}
