package io.airgap.archiver.lfs;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.lfs.LfsBatchApi.Action;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectResult;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectSpec;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Origin;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A client of one Git LFS server: the batch API, and the basic transfers (download, upload, verify)
 * it hands out. Sends the repository's credentials (given only when the server lies in their scope) to
 * the server itself, and to transfer URLs on the same origin that come without their own
 * {@code Authorization} header — never elsewhere, also not across a redirect.
 */
public final class LfsBatchClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** Headers HttpClient sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final URI endpoint;
  private final String shown;
  private final String hint;
  private final String authorization;
  private final HttpClient http;
  /** For an SSH remote whose server answered git-lfs-authenticate: the grant's href and headers replace the above. */
  private final SshLfsAuthenticate ssh;
  private volatile SshLfsAuthenticate.Grant grant;

  public LfsBatchClient(URI endpoint, String authorization) {
    this(new LfsEndpoint(endpoint, null), authorization);
  }

  /** A client of {@code endpoint}; its failures say so when the endpoint was derived rather than given. */
  public LfsBatchClient(LfsEndpoint endpoint, String authorization) {
    this(endpoint, authorization, null);
  }

  /**
   * A client of {@code endpoint}, which {@code ssh} named (git-lfs-authenticate): each batch request
   * carries the grant's headers, asked for again when expired or refused with 401.
   */
  LfsBatchClient(LfsEndpoint endpoint, String authorization, SshLfsAuthenticate ssh) {
    this.ssh = ssh != null && ssh.answered() ? ssh : null;
    this.endpoint = endpoint.url();
    this.shown = endpoint.display();
    this.hint = endpoint.derivedHint();
    this.authorization = authorization;
    // HTTP/1.1: h2c upgrades on plain http confuse some servers and proxies; LFS gains nothing from h2.
    // Redirects are followed by send(), which drops credentials when the origin changes.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * {@link #batch} with retries for transient failures, and failures explained for the operator
   * ({@code what}: e.g. "downloading from the source's LFS server").
   */
  List<ObjectResult> batch(String operation, List<ObjectSpec> objects, String what, ProgressListener progress)
      throws ArchiverException {
    boolean renewed = false;
    try {
      if (ssh != null) {
        grant = ssh.grant();
      }
      try {
        return retried(operation, objects, progress);
      } catch (LfsHttpException e) {
        if (ssh == null || e.status() != 401) {
          throw e;
        }
        // the grant expired early or was revoked: git-lfs asks the SSH server again, once
        renewed = true;
        grant = ssh.renew(grant);
        return retried(operation, objects, progress);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(what + " was interrupted", e);
    } catch (LfsHttpException e) {
      if (e.isAuthFailure() && ssh != null) {
        throw new OperationFailedException(what + " failed: the LFS server at " + shown + " refused the credentials"
            + " git-lfs-authenticate on the SSH server gave (HTTP " + e.status() + ")"
            + (renewed ? ", also after asking for new ones" : ""), e);
      }
      if (e.isAuthFailure() && authorization == null) {
        throw new OperationFailedException(what + " failed: the LFS server at " + shown + " wants credentials (HTTP "
            + e.status() + ") and none were sent to it (none set, or not bound to its origin: see the warnings)"
            + hint, e);
      }
      if (e.isAuthFailure()) {
        throw new OperationFailedException(what + " failed: the LFS server at " + shown
            + " refused the credentials (HTTP " + e.status() + "); check the token/username environment variables"
            + hint, e);
      }
      throw new OperationFailedException(what + " failed: " + e.getMessage()
          + (!hint.isEmpty() ? hint : e.status() == 404 ? " (is this the right LFS server? --lfs-url overrides it)" : ""),
          e);
    } catch (ArchiverException e) {
      throw e;
    } catch (Exception e) {
      throw new OperationFailedException(what + " failed: " + LfsMessages.reason(e) + hint, e); // what names it
    }
  }

  /** The server, for messages (never with credentials). */
  String display() {
    return shown;
  }

  private List<ObjectResult> retried(String operation, List<ObjectSpec> objects, ProgressListener progress)
      throws Exception {
    return Retry.standard().run("LFS batch request to " + shown, LfsHttpException::isRetryable, progress,
        () -> {
          try {
            return batch(operation, objects);
          } catch (LfsHttpException e) {
            throw e;
          } catch (IOException e) { // said readably once, for the retry warnings and the failure alike
            throw new IOException("could not reach the LFS server at " + shown + ": " + LfsMessages.reason(e), e);
          }
        });
  }

  /** The batch API's base URL: the grant's href when git-lfs-authenticate named one. */
  private URI base() {
    SshLfsAuthenticate.Grant g = grant;
    return g != null ? g.href() : endpoint;
  }

  /** The Authorization that may go to the base's origin (the grant's, for an SSH remote). A secret. */
  private String baseAuthorization() {
    SshLfsAuthenticate.Grant g = grant;
    return g != null ? g.authorization() : authorization;
  }

  /** Asks what to do for each object; the answers are in request order where the server gives them. */
  List<ObjectResult> batch(String operation, List<ObjectSpec> objects) throws IOException, InterruptedException {
    byte[] body = Json.mapper().writeValueAsBytes(LfsBatchApi.Request.of(operation, objects));
    SshLfsAuthenticate.Grant g = grant;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/objects/batch")).timeout(TIMEOUT)
        .header("Accept", LfsBatchApi.MEDIA_TYPE).header("Content-Type", LfsBatchApi.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (g != null) {
      // the SSH server's headers, to the href it named (its origin) only
      g.header().forEach((name, value) -> {
        if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
          request.setHeader(name, value);
        }
      });
    } else if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw error("the batch API", response.statusCode(), response.body());
    }
    LfsBatchApi.Response parsed;
    try {
      parsed = Json.mapper().readValue(response.body(), LfsBatchApi.Response.class);
    } catch (IOException e) {
      throw new IOException("the LFS server at " + shown + " sent a batch response that is not valid JSON");
    }
    if (parsed.transfer() != null && !parsed.transfer().equals("basic")) {
      throw new IOException("the LFS server at " + shown + " chose transfer '" + TerminalText.line(parsed.transfer())
          + "'; only 'basic' is supported");
    }
    return parsed.objects() == null ? List.of() : parsed.objects();
  }

  /** Downloads one object into {@code store}, checking its SHA-256 against the oid as it streams. */
  void download(Action action, String oid, long size, LfsObjectStore store) throws IOException, InterruptedException {
    HttpRequest request = transfer(action).GET().build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw error("downloading LFS object " + oid, response.statusCode(), body.readNBytes(4096));
      }
      store.put(oid, size, body);
    }
  }

  /** Uploads one object's file. */
  void upload(Action action, String oid, Path file) throws IOException, InterruptedException {
    HttpRequest request = transfer(action).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw error("uploading LFS object " + oid, response.statusCode(), response.body());
    }
  }

  /** Asks the server to confirm it now holds the object intact. */
  void verify(Action action, String oid, long size) throws IOException, InterruptedException {
    byte[] body = Json.mapper().writeValueAsBytes(new ObjectSpec(oid, size));
    HttpRequest request = transfer(action).header("Accept", LfsBatchApi.MEDIA_TYPE)
        .header("Content-Type", LfsBatchApi.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw error("verifying LFS object " + oid, response.statusCode(), response.body());
    }
  }

  /**
   * Follows up to 5 redirects (not 303, which would change the method), keeping the
   * {@code Authorization} header only while the origin stays the same.
   */
  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    for (int hops = 0; ; hops++) {
      HttpResponse<T> response = http.send(request, handler);
      int status = response.statusCode();
      var location = response.headers().firstValue("Location");
      if (hops >= 5 || location.isEmpty() || !Set.of(301, 302, 307, 308).contains(status)) {
        return response;
      }
      if (response.body() instanceof InputStream body) {
        body.close();
      }
      URI next = request.uri().resolve(location.get());
      boolean keepAuth = sameOrigin(next, request.uri());
      request = HttpRequest.newBuilder(request, (name, value) -> keepAuth || !name.equalsIgnoreCase("authorization"))
          .uri(next).build();
    }
  }

  private HttpRequest.Builder transfer(Action action) throws IOException {
    if (action.href() == null) {
      throw new IOException("the LFS server at " + shown + " sent an action without href");
    }
    URI href = base().resolve(action.href());
    HttpRequest.Builder request = HttpRequest.newBuilder(href).timeout(TIMEOUT);
    boolean ownAuth = false;
    for (Map.Entry<String, String> h : action.headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!RESTRICTED.contains(name) && h.getValue() != null) {
        request.header(h.getKey(), h.getValue());
        ownAuth |= name.equals("authorization");
      }
    }
    String auth = baseAuthorization();
    if (!ownAuth && auth != null && sameOrigin(href, base())) {
      request.header("Authorization", auth);
    }
    return request;
  }

  /** Same scheme, host and port (default ports filled in): where a credential may follow. */
  private static boolean sameOrigin(URI a, URI b) {
    Origin origin = Origin.of(a);
    return origin != null && origin.equals(Origin.of(b));
  }

  private LfsHttpException error(String what, int status, byte[] body) {
    String detail = "";
    try {
      LfsBatchApi.ErrorBody parsed = Json.mapper().readValue(body, LfsBatchApi.ErrorBody.class);
      if (parsed != null && parsed.message() != null) {
        detail = ": " + parsed.message();
      }
    } catch (IOException | RuntimeException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      detail = text.isEmpty() || text.length() > 200 || text.startsWith("<") ? "" : ": " + text;
    }
    return new LfsHttpException(status, what + " at " + shown + " failed with HTTP " + status
        + TerminalText.line(detail));
  }
}
