package io.airgap.archiver.forge;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.progress.ProgressListener;
import java.net.URI;

/** Picks the adapter for a forge kind: the one place new forges are wired in. */
public final class Forges {
  private Forges() {}

  /**
   * @param apiUrl GitLab, Gitea, Bitbucket: the server's root URL; GitHub: the API root
   *     ({@code https://api.github.com}, or {@code https://HOST/api/v3} for Enterprise Server)
   * @param token secret, sent only in a header to {@code apiUrl}'s host; null for anonymous
   * @param tokenVariable where the token came from, named in messages ({@code SOURCE_TOKEN})
   */
  public static Forge of(ForgeKind kind, String apiUrl, String token, String tokenVariable, ProgressListener progress)
      throws InvalidRequestException {
    if (apiUrl == null || apiUrl.isBlank()) {
      throw new InvalidRequestException("--api-url is required with a forge (the " + kind.displayName()
          + " server's URL)");
    }
    URI uri;
    try {
      uri = URI.create(apiUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("--api-url '" + apiUrl + "' is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new InvalidRequestException("--api-url must be an http(s) URL, not '" + apiUrl + "'");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidRequestException("--api-url must not carry credentials: put the token in " + tokenVariable);
    }
    String url = apiUrl.trim();
    return switch (kind) {
      case GITLAB -> new GitLabForge(url, token, tokenVariable, progress);
      case GITHUB -> new GitHubForge(url, token, tokenVariable, progress);
      case GITEA -> new GiteaForge(url, token, tokenVariable, progress);
      case BITBUCKET -> new BitbucketForge(url, token, tokenVariable, progress);
    };
  }
}
