package io.airgap.archiver.lfs;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.internal.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;

/**
 * Where a repository's Git LFS objects live: an HTTP(S) LFS server (its batch API is
 * {@code <url>/objects/batch}), or a local repository's object folder in git-lfs's standalone layout.
 *
 * @param derivedFrom the Git URL (redacted) this endpoint was derived from by git-lfs's rule, or null
 *     when it was given ({@code --lfs-url}, {@code .lfsconfig}): a failure then says the derived one
 *     may be wrong and how to name the right one
 */
public record LfsEndpoint(URI url, Path objectsDir, String derivedFrom) {

  public LfsEndpoint(URI url, Path objectsDir) {
    this(url, objectsDir, null);
  }

  /** The endpoint git-lfs would use for a repository at {@code remote} (no {@code lfs.url} set). */
  public static LfsEndpoint forRemote(GitRemote remote) throws InvalidRequestException {
    if (remote.localPath() != null) {
      return local(remote.localPath());
    }
    LfsEndpoint derived = http(fromCloneUrl(remote.uri().toString()), "the repository URL");
    return new LfsEndpoint(derived.url(), null, remote.display());
  }

  /**
   * An endpoint written by a user ({@code --lfs-url}) or a config file ({@code lfs.url}): used as
   * given for HTTP(S); a path or {@code file://} URL names a repository used in the standalone layout.
   */
  public static LfsEndpoint parse(String value, String origin) throws InvalidRequestException {
    String v = value.trim();
    if (v.startsWith("file://")) {
      return local(Path.of(URI.create(v).getPath()));
    }
    if (!v.contains("://")) {
      return local(Path.of(v).toAbsolutePath().normalize());
    }
    return http(v, origin);
  }

  /**
   * git-lfs's rule for a clone URL: drop one trailing {@code /}, then append {@code /info/lfs} if the
   * URL ends in {@code .git}, else {@code .git/info/lfs}. SSH and git:// URLs map to HTTPS on the same
   * host and path, as git-lfs does when the server offers no {@code git-lfs-authenticate}.
   */
  static String fromCloneUrl(String cloneUrl) {
    String url = cloneUrl;
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ssh://") || lower.startsWith("git://")) {
      URI uri = URI.create(url);
      url = "https://" + uri.getHost() + uri.getRawPath();
    } else if (!url.contains("://") && url.contains(":")) {
      String hostPart = url.substring(0, url.indexOf(':'));
      String path = url.substring(url.indexOf(':') + 1);
      url = "https://" + hostPart.substring(hostPart.indexOf('@') + 1) + "/" + path.replaceFirst("^/+", "");
    }
    if (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url + (url.endsWith(".git") ? "/info/lfs" : ".git/info/lfs");
  }

  private static LfsEndpoint http(String url, String origin) throws InvalidRequestException {
    try {
      URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new InvalidRequestException("the Git LFS URL from " + origin + " is not an http(s) URL: "
            + Redaction.url(url));
      }
      if (uri.getRawUserInfo() != null) {
        // credentials come from the environment, never from a URL someone may print
        uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
      }
      return new LfsEndpoint(uri, null);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("the Git LFS URL from " + origin + " is not valid: " + Redaction.url(url));
    }
  }

  /** A local repository's objects: {@code .git/lfs/objects} of a working copy, {@code lfs/objects} of a bare one. */
  public static LfsEndpoint local(Path repository) {
    Path dotGit = repository.resolve(Constants.DOT_GIT);
    Path gitDir = Files.isDirectory(dotGit) ? dotGit : repository;
    return new LfsEndpoint(null, gitDir.resolve("lfs").resolve("objects"));
  }

  public boolean isLocal() {
    return objectsDir != null;
  }

  /** The batch API's address. */
  public URI batchUri() {
    return URI.create(url + "/objects/batch");
  }

  /** For a failure: where this endpoint came from and, when derived, how to name the right one ("" if given). */
  public String derivedHint() {
    return derivedFrom == null ? "" : " (this LFS endpoint was derived from the Git URL " + derivedFrom
        + "; if that server has no LFS at this address, name the LFS server with --lfs-url, --target-lfs-url"
        + " for a sync target, or lfs-url: in a mirror file)";
  }

  /** For messages: the URL (never with credentials, no secret query value) or the folder. */
  public String display() {
    return isLocal() ? objectsDir.toString() : Redaction.url(url.toString());
  }
}
