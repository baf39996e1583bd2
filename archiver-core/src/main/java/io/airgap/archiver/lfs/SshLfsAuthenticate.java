package io.airgap.archiver.lfs;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The LFS endpoint of an {@code ssh://} (or scp-style) remote, asked of its SSH server as git-lfs does
 * (git-lfs {@code docs/api/server-discovery.md}, {@code authentication.md}): {@code git-lfs-authenticate
 * <path> download|upload} answers {@code {"href": …, "header": {…}, "expires_in"|"expires_at": …}}. The
 * command runs over the same SSH client, keys and known-hosts checks as git over SSH. A server without
 * the command (non-zero exit) gets git-lfs's fallback: the HTTPS URL derived from the Git URL.
 *
 * <p>The answer is the server's word: the href must be http(s) (never a local path), and its headers
 * (usually a short-lived {@code Authorization}) go only to the href's origin, are never shown or logged,
 * and are asked for again when expired or refused (HTTP 401) — once per refusal.
 */
public final class SshLfsAuthenticate {
  /** git-lfs's margin: a grant that expires within this is renewed before use. */
  private static final Duration MARGIN = Duration.ofSeconds(5);
  private static final int MAX_ANSWER = 64 * 1024;

  /** One answer of {@code git-lfs-authenticate}: where the LFS API is, with which headers, until when. */
  public record Grant(URI href, Map<String, String> header, Instant expiresAt) {
    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt.minus(MARGIN));
    }

    /** The {@code Authorization} header of the grant, or null. A secret. */
    String authorization() {
      for (Map.Entry<String, String> h : header.entrySet()) {
        if (h.getKey().equalsIgnoreCase("authorization")) {
          return h.getValue();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "Grant[" + Redaction.url(href) + "]"; // never the headers
    }
  }

  private final RemoteAccess access;
  private final String operation;
  private final ProgressListener progress;
  private Grant current;
  private LfsEndpoint fallback;
  private int calls;

  SshLfsAuthenticate(RemoteAccess access, String operation, ProgressListener progress) {
    this.access = access;
    this.operation = operation;
    this.progress = progress;
  }

  /** For an SSH remote whose LFS endpoint was derived (no --lfs-url, no .lfsconfig): ask its server. */
  static boolean applies(RemoteAccess access, LfsEndpoint endpoint) {
    return access.remote().isSsh() && endpoint != null && !endpoint.isLocal() && endpoint.derivedFrom() != null;
  }

  /**
   * The endpoint to use: the href of the server's answer (asked now if not yet), or, when the server has
   * no {@code git-lfs-authenticate}, {@code derived} (git-lfs's fallback).
   */
  synchronized LfsEndpoint endpoint(LfsEndpoint derived) throws ArchiverException {
    if (current == null && fallback == null) {
      Grant grant = authenticate();
      if (grant == null) {
        fallback = derived;
        progress.info("Git LFS: " + access.remote().display() + " offers no git-lfs-authenticate; using "
            + derived.display());
      }
    }
    return fallback != null ? fallback : new LfsEndpoint(current.href(), null);
  }

  /** Whether the server answered (else the derived endpoint is used, with the remote's own credentials). */
  synchronized boolean answered() {
    return current != null;
  }

  /** The grant to use now: asked again when it expired. */
  synchronized Grant grant() throws ArchiverException {
    if (current == null || current.expired(Instant.now())) {
      Grant renewed = authenticate();
      if (renewed == null) {
        throw new OperationFailedException("git-lfs-authenticate on " + access.remote().display()
            + " no longer answers");
      }
    }
    return current;
  }

  /** After {@code stale} was refused: asks once more (unless another transfer already did). */
  synchronized Grant renew(Grant stale) throws ArchiverException {
    if (current == stale) {
      current = null;
      return grant();
    }
    return current;
  }

  /** How many times the server was asked (for tests and messages). */
  synchronized int calls() {
    return calls;
  }

  /** Asks the server; null when it has no {@code git-lfs-authenticate} (non-zero exit). */
  private Grant authenticate() throws ArchiverException {
    String path = access.remote().uri().getPath();
    String command = "git-lfs-authenticate " + quote(path) + " " + operation;
    RemoteAccess.SshAnswer answer;
    calls++;
    try {
      answer = access.sshExec(command, MAX_ANSWER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("asking " + access.remote().display() + " for its Git LFS server was"
          + " interrupted", e);
    } catch (IOException | RuntimeException e) {
      throw new OperationFailedException("could not run git-lfs-authenticate on " + access.remote().display()
          + " over SSH: " + TerminalText.line(Redaction.text(String.valueOf(e.getMessage()))), e);
    }
    if (answer.exitStatus() != 0) {
      return null;
    }
    current = parse(answer.stdout(), Instant.now(), access.remote().display());
    return current;
  }

  /** The server's answer, checked; its content is never echoed (it holds a credential). */
  static Grant parse(byte[] json, Instant now, String remote) throws OperationFailedException {
    String bad = "git-lfs-authenticate on " + remote + " answered ";
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new OperationFailedException(bad + "something that is not JSON");
    }
    if (root == null || !root.isObject() || !root.path("href").isTextual()) {
      throw new OperationFailedException(bad + "no href (the Git LFS server's URL)");
    }
    URI href;
    String text = root.get("href").asText().strip();
    try {
      href = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw new OperationFailedException(bad + "an href that is not a URL");
    }
    String scheme = href.getScheme() == null ? "" : href.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || href.getHost() == null) {
      // never a local path or another scheme: the server may not point this machine at its own files
      throw new OperationFailedException(bad + "an href that is not an http(s) URL: " + Redaction.url(text));
    }
    if (href.getRawUserInfo() != null) {
      throw new OperationFailedException(bad + "an href with credentials in it; refusing it");
    }
    Map<String, String> header = new LinkedHashMap<>();
    JsonNode headers = root.path("header");
    if (!headers.isMissingNode() && !headers.isNull()) {
      if (!headers.isObject()) {
        throw new OperationFailedException(bad + "a header that is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        String value = h.getValue().asText();
        if (!h.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || !h.getValue().isTextual()
            || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
          throw new OperationFailedException(bad + "a header that is not a valid HTTP header");
        }
        header.put(h.getKey(), value);
      }
    }
    Instant expiresAt = null;
    if (root.path("expires_in").isNumber()) {
      expiresAt = now.plusSeconds(root.get("expires_in").asLong());
    } else if (root.path("expires_at").isTextual()) {
      try {
        Instant at = OffsetDateTime.parse(root.get("expires_at").asText()).toInstant();
        expiresAt = at.getEpochSecond() <= 0 ? null : at; // git-lfs: a zero time means "does not expire"
      } catch (DateTimeParseException e) {
        throw new OperationFailedException(bad + "an expires_at that is not an RFC 3339 time");
      }
    }
    return new Grant(href, Map.copyOf(header), expiresAt);
  }

  /** A path as one word for the server's shell, as git quotes it for git-upload-pack. */
  static String quote(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return "SshLfsAuthenticate[" + access.remote().display() + " " + operation + "]";
  }
}
