package io.airgap.archiver.forge;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import java.net.URI;

/**
 * The forge path of a target Git URL — the repository a fleet restore or group sync finds or creates
 * through the API: the URL's path as written (never decoded, so the repository created is the one the
 * URL pushes to) without {@code .git}, without the server's context path (the API URL's path, less
 * GitHub Enterprise's {@code /api/v3}) and without Bitbucket's {@code /scm}; then checked by
 * {@link RepositoryPath}.
 */
public final class ForgePaths {
  private ForgePaths() {}

  public static RepositoryPath fromUrl(ForgeKind kind, String apiUrl, String gitUrl) throws InvalidRequestException {
    URI git;
    URI api;
    try {
      git = URI.create(gitUrl);
      api = URI.create(apiUrl);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("the target URL " + RepositoryPath.printable(gitUrl) + " is not a URL");
    }
    if (git.getRawPath() == null || git.getHost() == null) {
      throw new InvalidRequestException("--create-repos needs http(s) target URLs, not " + RepositoryPath.printable(gitUrl));
    }
    if (git.getRawQuery() != null || git.getRawFragment() != null) {
      throw new InvalidRequestException("the target URL " + RepositoryPath.printable(git.getRawPath() + "?"
          + git.getRawQuery() + "#" + git.getRawFragment()) + " has a query or fragment: with --create-repos a"
          + " target names its repository by the path alone");
    }
    String path = git.getRawPath();
    String context = api.getRawPath() == null ? "" : api.getRawPath().replaceFirst("/+$", "");
    if (kind == ForgeKind.GITHUB) {
      context = context.replaceFirst("/api/v3$", "");
    }
    if (!context.isEmpty() && String.valueOf(api.getHost()).equals(git.getHost()) && path.startsWith(context + "/")) {
      path = path.substring(context.length());
    }
    if (kind == ForgeKind.BITBUCKET && path.startsWith("/scm/")) {
      path = path.substring(4);
    }
    path = path.replaceFirst("^/+", "").replaceFirst("/+$", "").replaceFirst("\\.git$", "");
    return RepositoryPath.of("the forge path of the target URL", path, true);
  }

  /**
   * The forge path a clone URL names, for repositories reached other than by discovery (submodules):
   * {@code https://host/group/lib.git}, {@code git@host:group/lib.git} and {@code file:///srv/git/lib}
   * give {@code group/lib} and {@code srv/git/lib}; Bitbucket's {@code /scm/} is dropped. Other characters
   * become {@code -}, a leading {@code .} or {@code -} {@code _}, so the result is a {@link RepositoryPath}.
   */
  public static String fromCloneUrl(String url) {
    String path = url;
    int scheme = path.indexOf("://");
    if (scheme >= 0) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "" : path.substring(slash);
    } else if (path.matches("[^/]+@[^/:]+:.*")) {
      path = path.substring(path.indexOf(':') + 1);
    }
    path = path.replaceFirst("[?#].*$", "").replaceFirst("^/+", "").replaceFirst("^scm/", "")
        .replaceFirst("/+$", "").replaceFirst("\\.git$", "");
    String clean = path.replaceAll("[^A-Za-z0-9._/-]", "-").replaceAll("/+", "/").replaceAll("(^|/)[.-]+", "$1_");
    return RepositoryPath.problem(clean, true) == null ? clean : "repository";
  }
}
