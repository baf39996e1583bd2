package io.airgap.archiver.forge;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.internal.Origin;
import java.net.URI;
import java.util.List;

/** Picks the adapter for a forge kind: the one place new forges are wired in. */
public final class Forges {
  private static final Origin GITHUB_API = Origin.of("https://api.github.com");

  private Forges() {}

  /**
   * The URLs whose origins serve this forge's Git as well as its API: the API URL itself (GitLab,
   * Gitea, Bitbucket, GitHub Enterprise Server at {@code https://HOST/api/v3}), and for GitHub.com's
   * {@code https://api.github.com} also {@code https://github.com}. A token given for the API goes to
   * these only; a clone URL the forge answers with on any other origin is fetched without it.
   */
  public static List<String> gitOrigins(ForgeKind kind, String apiUrl) {
    Origin api = Origin.of(apiUrl);
    if (kind == ForgeKind.GITHUB && GITHUB_API.equals(api)) {
      return List.of(apiUrl, "https://github.com");
    }
    return List.of(apiUrl);
  }

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
