package io.airgap.archiver.git;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Redaction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * A Git repository location as the user wrote it: a local path, {@code file://}, {@code http(s)://},
 * {@code ssh://} or scp-style {@code user@host:path}. Credentials embedded in it are split off and
 * never shown.
 */
public final class GitRemote {
  private final URIish uri;
  private final String embeddedUser;
  private final String embeddedPassword;
  private final Path localPath;

  private GitRemote(URIish uri, String embeddedUser, String embeddedPassword, Path localPath) {
    this.uri = uri;
    this.embeddedUser = embeddedUser;
    this.embeddedPassword = embeddedPassword;
    this.localPath = localPath;
  }

  public static GitRemote parse(String location) throws InvalidRequestException {
    if (location == null || location.isBlank()) {
      throw new InvalidRequestException("no repository location given");
    }
    try {
      if (!location.contains("://") && !isScpLike(location)) {
        Path path = Path.of(location).toAbsolutePath().normalize();
        return new GitRemote(new URIish().setScheme("file").setPath(path.toString()), null, null, path);
      }
      URIish parsed = new URIish(location);
      String scheme = parsed.getScheme() == null ? "ssh" : parsed.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.matches("file|https?|ssh|git")) {
        throw new InvalidRequestException("unsupported repository URL scheme '" + scheme
            + "': use a path, file://, http(s)://, ssh:// or user@host:path");
      }
      if (scheme.equals("file")) {
        Path path = Path.of(parsed.getPath()).toAbsolutePath().normalize();
        return new GitRemote(new URIish().setScheme("file").setPath(path.toString()), null, null, path);
      }
      URIish clean = parsed.setPass(null);
      if (!scheme.startsWith("http")) {
        return new GitRemote(clean, null, null, null);
      }
      return new GitRemote(clean.setUser(null), parsed.getUser(), parsed.getPass(), null);
    } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
      throw new InvalidRequestException("not a valid repository location: " + Redaction.url(location));
    }
  }

  private static boolean isScpLike(String s) {
    int colon = s.indexOf(':');
    int slash = s.indexOf('/');
    return colon > 1 && (slash < 0 || colon < slash) && !Files.exists(Path.of(s));
  }


  /** The URI JGit connects to, without secrets. */
  public URIish uri() {
    return uri;
  }

  /** The location as shown to people and stored in manifests: no password, no token. */
  public String display() {
    return localPath != null ? localPath.toString() : Redaction.url(uri.toString());
  }

  public boolean isHttp() {
    String scheme = uri.getScheme();
    return scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("http");
  }

  public boolean isSsh() {
    return localPath == null && !isHttp() && !"git".equalsIgnoreCase(uri.getScheme());
  }

  /** The local repository folder, or {@code null} for network locations. */
  public Path localPath() {
    return localPath;
  }

  String embeddedUser() {
    return embeddedUser;
  }

  String embeddedPassword() {
    return embeddedPassword;
  }

  /** The repository's short name: the last path segment without {@code .git}. */
  public String humanName() {
    String path = localPath != null ? localPath.toString() : uri.getPath();
    String name = path == null ? "" : path.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.endsWith(".git")) {
      name = name.substring(0, name.length() - 4);
    }
    return name.isEmpty() ? "repository" : name;
  }

  @Override
  public String toString() {
    return display();
  }
}
