package io.airgap.archiver.deps;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches registry artifacts into the shared cache: retries what may pass on a second try, sends
 * credentials only to the registry's own origin (also across redirects), reads {@code file:} URLs
 * only inside a registry configured as a local folder, hashes while streaming, and moves a file
 * under its cache name only once every declared checksum matched. A cached file is re-checked
 * before it is reused, so a damaged cache is fetched again rather than archived.
 */
public final class Downloader {
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_DOCUMENT = 64 << 20;

  private final HttpClient client;
  private final Retry retry;
  private final ProgressListener progress;

  public Downloader(Retry retry, ProgressListener progress) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(ProxySelector.getDefault())
        .build();
    this.retry = retry;
    this.progress = progress;
  }

  /** A further check of a fetched file beyond plain digests (Go's h1: hashes). */
  @FunctionalInterface
  public interface Check {
    void check(Path file) throws ChecksumMismatchException, IOException;

    Check NONE = file -> {};
  }

  /** A small document (index page, metadata) and the URL it finally came from. */
  public record Document(byte[] body, String contentType, URI uri) {}

  /** Reads a small document; {@code what} names it in errors. */
  public Document get(Registry registry, URI url, String accept, String what) throws FetchException {
    return withRetry(what, url, () -> {
      if ("file".equalsIgnoreCase(url.getScheme())) {
        return new Document(readLocal(registry, url, what), null, url);
      }
      HttpResponse<InputStream> response = send(registry, url, accept, what);
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_DOCUMENT + 1);
        if (body.length > MAX_DOCUMENT) {
          throw new FetchException(what, Redaction.url(url) + " is larger than " + MAX_DOCUMENT + " bytes", false);
        }
        return new Document(body, response.headers().firstValue("Content-Type").orElse(""), response.uri());
      }
    });
  }

  /**
   * Makes {@code cacheFile} a checked copy of {@code url}: reuses it when it still matches, else
   * downloads it. Returns its SHA-256 in hex.
   */
  public String fetch(Registry registry, URI url, Path cacheFile, List<ExpectedDigest> expected, Check check,
      String what) throws FetchException, ChecksumMismatchException {
    try {
      if (Files.isRegularFile(cacheFile)) {
        try {
          return verify(cacheFile, expected, check, what, "the cached copy " + cacheFile);
        } catch (ChecksumMismatchException e) {
          progress.warn(what + ": the cached copy no longer matches its checksum; fetching it again");
          Files.deleteIfExists(cacheFile);
        }
      }
      Files.createDirectories(cacheFile.getParent());
    } catch (IOException e) {
      throw new FetchException(what, "cannot use the cache at " + cacheFile + ": " + e.getMessage(), false);
    }
    ChecksumMismatchException[] mismatch = new ChecksumMismatchException[1];
    String sha256 = withRetry(what, url, () -> {
      try (AtomicFileWriter out = AtomicFileWriter.open(cacheFile)) {
        Map<String, MessageDigest> digests = digestsFor(expected);
        if ("file".equalsIgnoreCase(url.getScheme())) {
          try (InputStream in = Files.newInputStream(localFile(registry, url, what))) {
            copy(in, out.stream(), digests);
          } catch (NoSuchFileException e) {
            throw new FetchException(what, "not found at " + Redaction.url(url), false);
          }
        } else {
          HttpResponse<InputStream> response = send(registry, url, null, what);
          try (InputStream in = response.body()) {
            copy(in, out.stream(), digests);
          }
        }
        try {
          compare(digests, expected, what, Redaction.url(url));
          check.check(out.temporaryPath());
        } catch (ChecksumMismatchException e) {
          mismatch[0] = e;
          return null;
        }
        out.commitReplacing();
        return Hex.encode(digests.get("SHA-256").digest());
      }
    });
    if (mismatch[0] != null) {
      throw mismatch[0];
    }
    return sha256;
  }

  private String verify(Path file, List<ExpectedDigest> expected, Check check, String what, String source)
      throws IOException, ChecksumMismatchException {
    Map<String, MessageDigest> digests = digestsFor(expected);
    try (InputStream in = Files.newInputStream(file)) {
      copy(in, OutputStream.nullOutputStream(), digests);
    }
    compare(digests, expected, what, source);
    check.check(file);
    return Hex.encode(digests.get("SHA-256").digest());
  }

  private HttpResponse<InputStream> send(Registry registry, URI url, String accept, String what)
      throws IOException, InterruptedException, FetchException {
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(Duration.ofMinutes(2)).GET()
          .header("User-Agent", "airgap-archiver");
      if (accept != null) {
        request.header("Accept", accept);
      }
      String auth = registry == null ? null : registry.authorizationFor(current);
      if (auth != null) {
        request.header("Authorization", auth);
      }
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int code = response.statusCode();
      if (code >= 200 && code < 300) {
        return response;
      }
      response.body().close();
      if (code >= 300 && code < 400 && response.headers().firstValue("Location").isPresent()) {
        current = current.resolve(response.headers().firstValue("Location").get());
        continue;
      }
      String where = Redaction.url(current);
      if (code == 404 || code == 410) {
        throw new FetchException(what, "not found at " + where + " (HTTP " + code + ")", false);
      }
      if (code == 401 || code == 403) {
        throw new FetchException(what, where + " refused access (HTTP " + code + "); check the registry"
            + " credentials (DEPS_*_USERNAME/DEPS_*_PASSWORD or DEPS_*_TOKEN)", false);
      }
      throw new FetchException(what, where + " answered HTTP " + code, code == 429 || code >= 500);
    }
    throw new FetchException(what, "more than " + MAX_REDIRECTS + " redirects from " + Redaction.url(url), false);
  }

  /** Work that may be retried. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws IOException, InterruptedException, FetchException;
  }

  private <T> T withRetry(String what, URI url, Attempt<T> attempt) throws FetchException {
    try {
      return retry.run(what, e -> e instanceof FetchException f ? f.retryable() : e instanceof IOException,
          progress, attempt::run);
    } catch (FetchException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(what, "interrupted", false);
    } catch (IOException e) {
      throw new FetchException(what, "cannot fetch " + Redaction.url(url) + ": " + describe(e), false);
    } catch (Exception e) {
      throw new FetchException(what, describe(e), false);
    }
  }

  private static byte[] readLocal(Registry registry, URI url, String what) throws IOException, FetchException {
    try {
      return Files.readAllBytes(localFile(registry, url, what));
    } catch (NoSuchFileException e) {
      throw new FetchException(what, "not found at " + Redaction.url(url), false);
    }
  }

  /**
   * The file a {@code file:} URL names, when it lies inside the registry the operator configured as a
   * local folder. A lock file or a registry's metadata may not point this machine at its other files.
   */
  private static Path localFile(Registry registry, URI url, String what) throws FetchException {
    try {
      Path file = Path.of(url).normalize();
      if (registry != null && "file".equalsIgnoreCase(registry.base().getScheme())
          && file.startsWith(Path.of(registry.base()).normalize())) {
        return file;
      }
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      // not a usable file URL: refused below
    }
    throw new FetchException(what, "the local file URL " + Redaction.url(url) + " is outside the configured"
        + " registry" + (registry == null ? "" : " " + Redaction.url(registry.base())) + "; a lock file or a"
        + " registry's metadata may not name files on this machine", false);
  }

  private static Map<String, MessageDigest> digestsFor(List<ExpectedDigest> expected) {
    Map<String, MessageDigest> digests = new LinkedHashMap<>();
    digests.put("SHA-256", newDigest("SHA-256"));
    for (ExpectedDigest e : expected) {
      digests.computeIfAbsent(e.algorithm(), Downloader::newDigest);
    }
    return digests;
  }

  private static void copy(InputStream in, OutputStream out, Map<String, MessageDigest> digests) throws IOException {
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) >= 0) {
      for (MessageDigest d : digests.values()) {
        d.update(buf, 0, n);
      }
      out.write(buf, 0, n);
    }
  }

  private static void compare(Map<String, MessageDigest> digests, List<ExpectedDigest> expected, String what,
      String source) throws ChecksumMismatchException {
    Map<String, String> actual = new LinkedHashMap<>();
    for (ExpectedDigest e : expected) {
      String got = actual.computeIfAbsent(e.algorithm(), a -> {
        try {
          return Hex.encode(((MessageDigest) digests.get(a).clone()).digest());
        } catch (CloneNotSupportedException ex) {
          throw new IllegalStateException(ex);
        }
      });
      if (!got.equalsIgnoreCase(e.hex())) {
        throw new ChecksumMismatchException(what + ": checksum mismatch for " + source + ": declared "
            + e.declared() + " (" + e.algorithm() + " " + e.hex() + "), but the content has " + got);
      }
    }
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
