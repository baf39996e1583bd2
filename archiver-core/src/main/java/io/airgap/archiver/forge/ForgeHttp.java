package io.airgap.archiver.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Origin;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small HTTP client every forge adapter shares: JSON in and out, the token in a header only,
 * waits out rate limits ({@code 429}, or {@code 403} with {@code Retry-After} or an exhausted
 * {@code X-RateLimit-Remaining}) and transient {@code 5xx} answers, and turns other failures into
 * messages naming the status and the forge's own words — never the token.
 */
final class ForgeHttp {
  private static final int ATTEMPTS = 6;
  private static final Duration MAX_WAIT = Duration.ofMinutes(15);
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

  private final ForgeKind kind;
  private final URI base;
  private final Map<String, String> authHeaders;
  private final String tokenVariable;
  private final ProgressListener progress;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(30))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  /** One HTTP answer: status, headers and the parsed JSON body (a missing node when there is none). */
  record Response(int status, HttpHeaders headers, JsonNode body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The {@code rel="next"} target of an RFC 8288 {@code Link} header, or null. */
    String nextLink() {
      for (String link : headers.allValues("Link")) {
        Matcher m = NEXT_LINK.matcher(link);
        if (m.find()) {
          return m.group(1);
        }
      }
      return null;
    }
  }

  /**
   * @param apiUrl the API root, e.g. {@code https://gitlab.example.com} or {@code https://ghes.example.com/api/v3}
   * @param authHeaders the headers that carry the token; secret
   * @param tokenVariable the variable the token came from, for messages ({@code SOURCE_TOKEN})
   */
  ForgeHttp(ForgeKind kind, String apiUrl, Map<String, String> authHeaders, String tokenVariable,
      ProgressListener progress) {
    this.kind = kind;
    String trimmed = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.base = URI.create(trimmed);
    this.authHeaders = Map.copyOf(authHeaders);
    this.tokenVariable = tokenVariable;
    this.progress = progress;
  }

  /** A GET that must succeed, or answer 404 (then the response's status says so). */
  Response get(String pathOrUrl) throws ArchiverException {
    return send("GET", pathOrUrl, null, 404);
  }

  /** A GET whose 403 or 404 is an answer (a question the token may not be allowed to ask); rate limits still wait. */
  Response probe(String path) throws ArchiverException {
    return send("GET", path, null, 403);
  }

  /** A write: any answer but 2xx is an error. */
  Response send(String method, String path, Object body) throws ArchiverException {
    return send(method, path, body, 0);
  }

  /** @param answers besides 2xx, the 4xx status that is an answer rather than an error: 404, 403 (with 404), or 0 */
  private Response send(String method, String pathOrUrl, Object body, int answers)
      throws ArchiverException {
    URI uri = resolve(pathOrUrl);
    String shown = method + " " + uri.getRawPath();
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> raw = exchange(method, uri, body, shown);
      int status = raw.statusCode();
      Duration wait = retryWait(raw);
      JsonNode json = parse(raw.body());
      if (wait != null) {
        String limited = status >= 500 ? "server error" : "rate limited";
        String said = forgeMessage(json);
        String where = kind.displayName() + " at " + base + " answered " + status + " (" + limited + ") to " + shown
            + (said.isEmpty() ? "" : " (" + said + ")");
        String until = Instant.now().plus(wait).truncatedTo(ChronoUnit.SECONDS).toString();
        if (attempt >= ATTEMPTS) {
          throw new OperationFailedException(where + " after " + ATTEMPTS + " attempts"
              + (status >= 500 ? "; try again later" : ": the rate limit resets at " + until + "; try again after that"));
        }
        // bounded: never sleep past MAX_WAIT in all, whatever the forge asks (a reset an hour away)
        if (waited.plus(wait).compareTo(MAX_WAIT) > 0) {
          throw new OperationFailedException(where + ": it asks to wait " + Math.max(1, wait.toMinutes())
              + " minutes, longer than the " + MAX_WAIT.toMinutes() + " the archiver waits; try again after " + until);
        }
        progress.warn(kind.displayName() + " answered " + status + " to " + shown + " (" + limited + "): waiting "
            + Math.max(1, wait.toSeconds()) + "s before retrying");
        sleep(wait);
        waited = waited.plus(wait);
        continue;
      }
      Response response = new Response(status, raw.headers(), json);
      if (status / 100 == 2 || (answers != 0 && (status == 404 || status == answers))) {
        return response;
      }
      throw failure(response, shown);
    }
  }

  /**
   * Resolves a path against the API root; absolute next-page links must stay on the API's origin
   * (scheme, host, port), since the token goes with every request.
   */
  private URI resolve(String pathOrUrl) throws OperationFailedException {
    if (pathOrUrl.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      URI uri;
      try {
        uri = URI.create(pathOrUrl);
      } catch (IllegalArgumentException e) {
        throw new OperationFailedException(kind.displayName() + " sent a next-page link that is not a URL");
      }
      Origin origin = Origin.of(uri);
      if (origin == null || !origin.equals(Origin.of(base))) {
        throw new OperationFailedException(kind.displayName() + " sent a next-page link to another origin ("
            + (origin == null ? "unparseable" : origin) + ", not " + Origin.of(base)
            + "); refusing to send the token there");
      }
      return uri;
    }
    return URI.create(base + pathOrUrl);
  }

  private HttpResponse<byte[]> exchange(String method, URI uri, Object body, String shown) throws ArchiverException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMinutes(2))
        .header("Accept", "application/json");
    authHeaders.forEach(request::header);
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new OperationFailedException("cannot reach " + kind.displayName() + " at " + base + " (" + shown + "): "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while calling " + kind.displayName(), e);
    }
  }

  /** How long to wait before retrying, or null when the answer is not a rate limit or transient error. */
  private static Duration retryWait(HttpResponse<byte[]> raw) {
    int status = raw.statusCode();
    String retryAfter = raw.headers().firstValue("Retry-After").orElse(null);
    String remaining = raw.headers().firstValue("X-RateLimit-Remaining").orElse(null);
    String reset = raw.headers().firstValue("X-RateLimit-Reset")
        .or(() -> raw.headers().firstValue("RateLimit-Reset")).orElse(null); // GitLab: without X-
    boolean limited = status == 429 || (status == 403 && (retryAfter != null || "0".equals(remaining)));
    if (!limited && status != 502 && status != 503 && status != 504) {
      return null;
    }
    if (retryAfter != null && retryAfter.trim().matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
    }
    if (reset != null && reset.trim().matches("\\d{1,12}")) {
      long seconds = Long.parseLong(reset.trim()) - Instant.now().getEpochSecond();
      return Duration.ofSeconds(Math.max(1, seconds + 1));
    }
    return Duration.ofSeconds(status >= 500 ? 2 : 60);
  }

  private OperationFailedException failure(Response response, String shown) {
    int status = response.status();
    String said = forgeMessage(response.body());
    String where = kind.displayName() + " at " + base;
    String detail = said.isEmpty() ? "" : " (" + said + ")";
    return switch (status) {
      case 401 -> new OperationFailedException(where + " refused the token (401 Unauthorized) for " + shown + detail
          + ": check " + tokenVariable);
      case 403 -> new OperationFailedException(where + " denied " + shown + " (403 Forbidden)" + detail
          + ": the token in " + tokenVariable + " lacks the permission or scope" + scopeNeeded(response));
      case 404 -> new OperationFailedException(where + " has no " + shown + " (404 Not Found)" + detail
          + ": check the group and --api-url");
      default -> new OperationFailedException(where + " answered " + status + " to " + shown + detail);
    };
  }

  /**
   * The scope the forge says the request needs, as " (needs scope X; the token has: Y)", or "":
   * GitHub's {@code X-Accepted-OAuth-Scopes}/{@code X-OAuth-Scopes} headers, or RFC 6750's
   * {@code scope} (GitLab's {@code insufficient_scope} body and {@code WWW-Authenticate}).
   */
  static String scopeNeeded(Response response) {
    String needed = response.header("X-Accepted-OAuth-Scopes");
    if (needed == null || needed.isBlank()) {
      needed = response.body().path("scope").isTextual() ? response.body().path("scope").textValue() : null;
    }
    String challenge = response.header("WWW-Authenticate");
    if ((needed == null || needed.isBlank()) && challenge != null) {
      Matcher m = Pattern.compile("scope=\"([^\"]*)\"").matcher(challenge);
      needed = m.find() ? m.group(1) : null;
    }
    if (needed == null || needed.isBlank()) {
      return "";
    }
    String has = response.header("X-OAuth-Scopes");
    return " (needs scope " + clean(needed) + (has == null ? "" : "; the token has: " + (has.isBlank() ? "none" : clean(has)))
        + ")";
  }

  /** A forge-supplied word, safe to show: no control characters, bounded. */
  private static String clean(String s) {
    String c = s.replaceAll("\\p{Cntrl}", " ").strip();
    return c.length() > 100 ? c.substring(0, 100) + "…" : c;
  }

  /** The forge's own explanation: GitLab/Gitea/GitHub {@code message}/{@code error}, Bitbucket {@code errors[].message}. */
  static String forgeMessage(JsonNode json) {
    if (json == null || !json.isObject()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String field : List.of("message", "error", "error_description")) {
      JsonNode n = json.get(field);
      if (n != null && !n.isNull()) {
        out.append(out.length() == 0 ? "" : "; ").append(n.isTextual() ? n.textValue() : n.toString());
      }
    }
    JsonNode errors = json.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        String m = e.isTextual() ? e.textValue() : e.path("message").asText(e.toString());
        out.append(out.length() == 0 ? "" : "; ").append(m);
      }
    }
    String s = out.toString().replaceAll("\\p{Cntrl}", " ");
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return Json.untrusted().readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static void sleep(Duration wait) throws OperationFailedException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while waiting out a rate limit", e);
    }
  }

  /** Percent-encodes one path segment (GitLab's URL-encoded {@code :id}, names with spaces). */
  static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
