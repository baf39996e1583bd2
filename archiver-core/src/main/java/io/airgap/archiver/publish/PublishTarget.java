package io.airgap.archiver.publish;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code ECOSYSTEM=URL} the operator named: the registry's base URL (ending in {@code /}, never
 * with credentials in it) and the Authorization header built from {@code PUBLISH_<ECOSYSTEM>_TOKEN}
 * (bearer) or {@code PUBLISH_<ECOSYSTEM>_USERNAME}/{@code _PASSWORD} (basic) — from the environment
 * only, so no secret is ever on a command line. {@link #toString()} shows no secret.
 */
public final class PublishTarget {
  private final String ecosystem;
  private final URI base;
  private final String authorization;
  private final String credentialName;

  private PublishTarget(String ecosystem, URI base, String authorization, String credentialName) {
    this.ecosystem = ecosystem;
    this.base = base;
    this.authorization = authorization;
    this.credentialName = credentialName;
  }

  /**
   * Parses {@code ecosystem=url} for one of {@code known}; a bad spec, an unknown ecosystem, a URL
   * that is not http(s) or one carrying user info is a usage error.
   */
  public static PublishTarget parse(String spec, List<String> known, Map<String, String> env)
      throws InvalidRequestException {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new InvalidRequestException("--publish-deps takes ECOSYSTEM=URL (" + String.join(", ", known)
          + "), not '" + Redaction.text(spec) + "'");
    }
    String ecosystem = spec.substring(0, eq).strip().toLowerCase(Locale.ROOT);
    String url = spec.substring(eq + 1).strip();
    if (!known.contains(ecosystem)) {
      throw new InvalidRequestException("cannot publish to '" + ecosystem + "' registries: this version publishes to "
          + String.join(", ", known) + " (python=URL, the upload API, is not built yet)");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("not a URL for " + ecosystem + ": " + Redaction.url(url));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new InvalidRequestException("the " + ecosystem + " registry URL must be http:// or https:// with a host, not "
          + Redaction.url(url));
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidRequestException("the " + ecosystem + " registry URL " + Redaction.url(url) + " carries credentials;"
          + " put them in " + prefix(ecosystem) + "TOKEN or " + prefix(ecosystem) + "USERNAME/" + prefix(ecosystem)
          + "PASSWORD instead, so they never appear on a command line");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidRequestException("the " + ecosystem + " registry URL must not carry a query or fragment: "
          + Redaction.url(url));
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    URI base = URI.create(scheme + "://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    String token = env.get(prefix(ecosystem) + "TOKEN");
    String user = env.get(prefix(ecosystem) + "USERNAME");
    String header = null;
    String name = null;
    if (token != null && !token.isEmpty()) {
      header = "Bearer " + token;
      name = prefix(ecosystem) + "TOKEN";
    } else if (user != null && !user.isEmpty()) {
      String pass = env.getOrDefault(prefix(ecosystem) + "PASSWORD", "");
      header = "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
      name = prefix(ecosystem) + "USERNAME/PASSWORD";
    }
    return new PublishTarget(ecosystem, base, header, name);
  }

  /** Parses every spec; the same ecosystem twice is a usage error. */
  public static List<PublishTarget> parseAll(List<String> specs, List<String> known, Map<String, String> env)
      throws InvalidRequestException {
    List<PublishTarget> out = new ArrayList<>();
    for (String spec : specs) {
      PublishTarget t = parse(spec, known, env);
      if (out.stream().anyMatch(o -> o.ecosystem.equals(t.ecosystem))) {
        throw new InvalidRequestException("--publish-deps names " + t.ecosystem + " twice; give one registry per ecosystem");
      }
      out.add(t);
    }
    return out;
  }

  /** {@code PUBLISH_MAVEN_}, {@code PUBLISH_PYTHON_DIR_}. */
  public static String prefix(String ecosystem) {
    return "PUBLISH_" + ecosystem.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }

  public String ecosystem() {
    return ecosystem;
  }

  /** The registry's base URL, ending in {@code /}. */
  public URI base() {
    return base;
  }

  /** The Authorization header value, or null when the environment gives none. Never shown. */
  String authorization() {
    return authorization;
  }

  /** The environment variable(s) the credential came from, for messages; null when none. */
  public String credentialName() {
    return credentialName;
  }

  /** The base URL as shown: through {@link Redaction}. */
  public String shown() {
    return Redaction.url(base);
  }

  @Override
  public String toString() {
    return ecosystem + "=" + shown();
  }
}
