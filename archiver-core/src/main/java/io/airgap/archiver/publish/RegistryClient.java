package io.airgap.archiver.publish;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP side every publisher shares: requests relative to one registry's base URL, the
 * credential attached only where {@link CredentialScope} allows (the base URL's origin), redirects
 * never followed (a registry that redirects a PUT is named, not obeyed), and connection failures,
 * 5xx and 429 answers retried through {@link Retry} — every request a publisher makes is safe to
 * repeat (GET, HEAD, MKCOL, PUT of the same bytes; an npm publish is checked again before it is
 * taken as a conflict). URLs in messages go through {@link Redaction}.
 */
public final class RegistryClient {
  private static final int MAX_DOCUMENT = 64 << 20;

  /** A final answer: status and (for GETs of documents) the body. */
  public record Response(int status, byte[] body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public boolean notFound() {
      return status == 404 || status == 410;
    }
  }

  /** A 5xx or 429 answer, retried. */
  private static final class ServerTrouble extends IOException {
    private static final long serialVersionUID = 1L;

    ServerTrouble(String message) {
      super(message);
    }
  }

  private final PublishTarget target;
  private final CredentialScope scope;
  private final HttpClient http;
  private final Retry retry;
  private final ProgressListener progress;

  public RegistryClient(PublishTarget target, Retry retry, ProgressListener progress) {
    this.target = target;
    this.scope = CredentialScope.of(List.of(target.base().toString()), "");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER).proxy(ProxySelector.getDefault()).build();
    this.retry = retry;
    this.progress = progress;
  }

  public PublishTarget target() {
    return target;
  }

  /** The base URL joined with an already-encoded relative path (see {@link RegistryPaths}). */
  public URI resolve(String encodedPath) {
    return target.base().resolve(encodedPath);
  }

  public Response get(String encodedPath, String accept) throws OperationFailedException {
    return send("GET", encodedPath, null, null, accept, true);
  }

  public Response put(String encodedPath, byte[] body, String contentType) throws OperationFailedException {
    return send("PUT", encodedPath, () -> HttpRequest.BodyPublishers.ofByteArray(body), contentType, null, false);
  }

  public Response put(String encodedPath, Path file, String contentType) throws OperationFailedException {
    return send("PUT", encodedPath, () -> {
      try {
        return HttpRequest.BodyPublishers.ofFile(file);
      } catch (java.io.FileNotFoundException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, contentType, null, false);
  }

  private final java.util.Set<String> collections = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * PUT of a file ({@code file}) or bytes, as a static repository (Maven, a GOPROXY tree) takes it:
   * where a plain WebDAV server answers 409 (no parent collection), the parents are created with
   * MKCOL from the base down and the PUT repeated. Any other non-2xx answer is thrown, named.
   */
  public void putStatic(String encodedPath, Path file, byte[] bytes, String contentType)
      throws OperationFailedException {
    Response r = file != null ? put(encodedPath, file, contentType) : put(encodedPath, bytes, contentType);
    if (r.status() == 409) {
      makeCollections(encodedPath);
      r = file != null ? put(encodedPath, file, contentType) : put(encodedPath, bytes, contentType);
    }
    if (!r.ok()) {
      throw new OperationFailedException(describe("PUT", resolve(encodedPath), r));
    }
  }

  private void makeCollections(String encodedPath) throws OperationFailedException {
    String[] segs = encodedPath.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < segs.length - 1; i++) {
      prefix.append(segs[i]).append('/');
      String collection = prefix.toString();
      if (collections.contains(collection)) {
        continue;
      }
      Response r = mkcol(collection);
      if (!r.ok() && r.status() != 405) {
        throw new OperationFailedException(describe("MKCOL", resolve(collection), r)
            + (i == 0 ? " (does the repository's base URL exist and accept WebDAV?)" : ""));
      }
      collections.add(collection);
    }
  }

  /** WebDAV's "create this collection"; 201 created, 405 when it exists already. */
  public Response mkcol(String encodedPath) throws OperationFailedException {
    return send("MKCOL", encodedPath, null, null, null, false);
  }

  /**
   * The hex digest of the file at {@code encodedPath}, hashed while streaming (no size limit, nothing
   * kept), or null when the registry has no such file.
   */
  public String digest(String encodedPath, String algorithm) throws OperationFailedException {
    URI uri = resolve(encodedPath);
    try {
      return retry.run("GET " + Redaction.url(uri), RegistryClient::retryable, progress, () -> {
        HttpResponse<InputStream> response = http.send(request("GET", uri, null, null, null),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          int status = response.statusCode();
          if (status == 404 || status == 410) {
            return null;
          }
          check(status, uri);
          MessageDigest md = MessageDigest.getInstance(algorithm);
          byte[] buf = new byte[65536];
          for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
          }
          return Hex.encode(md.digest());
        }
      });
    } catch (OperationFailedException e) {
      throw e;
    } catch (Exception e) {
      throw failure("GET", uri, e);
    }
  }

  private Response send(String method, String encodedPath, Supplier<HttpRequest.BodyPublisher> body,
      String contentType, String accept, boolean keepBody) throws OperationFailedException {
    URI uri = resolve(encodedPath);
    try {
      return retry.run(method + " " + Redaction.url(uri), RegistryClient::retryable, progress, () -> {
        HttpResponse<InputStream> response = http.send(request(method, uri, body == null ? null : body.get(),
            contentType, accept), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          int status = response.statusCode();
          if (status >= 500 || status == 429) {
            throw new ServerTrouble(target.ecosystem() + " registry answered HTTP " + status + " to " + method + " "
                + Redaction.url(uri) + snippet(in.readNBytes(300)));
          }
          byte[] bytes = in.readNBytes(MAX_DOCUMENT + 1);
          if (bytes.length > MAX_DOCUMENT) {
            throw new OperationFailedException(Redaction.url(uri) + " answered more than " + MAX_DOCUMENT + " bytes");
          }
          return new Response(status, keepBody || status >= 300 ? bytes : new byte[0]);
        }
      });
    } catch (OperationFailedException e) {
      throw e;
    } catch (Exception e) {
      throw failure(method, uri, e);
    }
  }

  private HttpRequest request(String method, URI uri, HttpRequest.BodyPublisher body, String contentType,
      String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (target.authorization() != null) {
      if (scope.allows(uri)) {
        b.header("Authorization", target.authorization());
      } else {
        scope.withheld(target.credentialName(), uri.toString(), progress);
      }
    }
    return b.build();
  }

  private void check(int status, URI uri) throws IOException, OperationFailedException {
    if (status >= 500 || status == 429) {
      throw new ServerTrouble(target.ecosystem() + " registry answered HTTP " + status + " for " + Redaction.url(uri));
    }
    if (status < 200 || status >= 300) {
      throw new OperationFailedException(describe("GET", uri, new Response(status, new byte[0])));
    }
  }

  /** A message for an unexpected answer: method, redacted URL, status, and the start of the server's text. */
  public String describe(String method, URI uri, Response response) {
    String where = target.ecosystem() + " registry answered HTTP " + response.status() + " to " + method + " "
        + Redaction.url(uri);
    if (response.status() >= 300 && response.status() < 400) {
      return where + " (a redirect: give the registry's final URL; redirects are not followed)";
    }
    if (response.status() == 401 || response.status() == 403) {
      return where + " (set " + PublishTarget.prefix(target.ecosystem()) + "TOKEN or "
          + PublishTarget.prefix(target.ecosystem()) + "USERNAME/PASSWORD to an account allowed to publish)"
          + snippet(response.body());
    }
    return where + snippet(response.body());
  }

  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("<[^>]*>", " ").replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return text.isEmpty() ? "" : ": " + Redaction.text(text);
  }

  private OperationFailedException failure(String method, URI uri, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof NoSuchAlgorithmException) {
      return new OperationFailedException(e.getMessage(), e);
    }
    String message = e instanceof ServerTrouble ? e.getMessage()
        : "cannot " + method + " " + Redaction.url(uri) + ": " + Redaction.text(Causes.messages(e, 300));
    return new OperationFailedException(message, e);
  }

  private static boolean retryable(Exception e) {
    return e instanceof IOException;
  }
}
