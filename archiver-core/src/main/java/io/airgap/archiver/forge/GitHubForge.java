package io.airgap.archiver.forge;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub REST API (docs.github.com/en/rest/repos/repos), also GitHub Enterprise Server at
 * {@code https://HOST/api/v3}: an org's repositories (a user's when no such org: all of them with
 * that user's own token, else only the public ones, with a warning) paged by
 * {@code Link rel="next"}; {@code POST /orgs/{org}/repos}; {@code PATCH /repos/{owner}/{repo}}.
 */
final class GitHubForge implements Forge {
  private final ForgeHttp http;
  private final boolean hasToken;
  private final ProgressListener progress;

  GitHubForge(String apiUrl, String token, String tokenVariable, ProgressListener progress) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    this.http = new ForgeHttp(ForgeKind.GITHUB, apiUrl, headers, tokenVariable, progress);
    this.hasToken = token != null;
    this.progress = progress;
  }

  @Override
  public ForgeKind kind() {
    return ForgeKind.GITHUB;
  }

  @Override
  public List<ForgeRepository> list(String group) throws ArchiverException {
    ForgeHttp.Response r = http.get("/orgs/" + ForgeHttp.encode(group) + "/repos?type=all&per_page=100");
    if (r.status() == 404) {
      r = userRepositories(group);
    }
    List<ForgeRepository> out = new ArrayList<>();
    while (true) {
      for (JsonNode repo : r.body()) {
        out.add(repository(repo));
      }
      String next = r.nextLink();
      if (next == null) {
        return out;
      }
      r = http.get(next);
    }
  }

  /**
   * A user's repositories. "List repositories for a user" ({@code GET /users/{username}/repos})
   * lists PUBLIC repositories only, whoever asks; the private ones come only from "List
   * repositories for the authenticated user" ({@code GET /user/repos}), i.e. when the token is that
   * user's (docs.github.com/en/rest/repos/repos). {@code affiliation=owner} keeps out repositories
   * the user merely collaborates on or sees through an organization.
   */
  private ForgeHttp.Response userRepositories(String user) throws ArchiverException {
    // a GitHub App installation token may not ask /user (403): then it is nobody's, public only
    ForgeHttp.Response me = hasToken ? http.probe("/user") : null;
    String login = me != null && me.status() == 200 ? me.body().path("login").asText("") : "";
    login = login.replaceAll("[^A-Za-z0-9._-]", "?"); // the forge's word, shown in a warning
    if (!login.isEmpty() && login.equalsIgnoreCase(user)) {
      return http.get("/user/repos?affiliation=owner&visibility=all&per_page=100");
    }
    ForgeHttp.Response r = http.get("/users/" + ForgeHttp.encode(user) + "/repos?type=owner&per_page=100");
    if (r.status() == 404) {
      throw new OperationFailedException("GitHub has no organization or user '" + user + "' (404), or the token cannot see it");
    }
    progress.warn("GitHub lists only public repositories of user " + user + ": "
        + (!hasToken ? "there is no token" : login.isEmpty() ? "the token belongs to no user (GET /user answered "
        + me.status() + ")" : "the token belongs to " + login)
        + " (a user's private repositories are listed only with that user's own token)");
    return r;
  }

  @Override
  public Optional<ForgeRepository> find(String path) throws ArchiverException {
    ForgeHttp.Response r = http.get("/repos/" + ownerAndName(path));
    return r.status() == 404 ? Optional.empty() : Optional.of(repository(r.body()));
  }

  @Override
  public ForgeRepository create(String path, String description, String visibility) throws ArchiverException {
    String owner = ownerAndName(path).split("/")[0];
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", path.substring(path.indexOf('/') + 1));
    body.put("private", !"public".equals(visibility));
    body.put("visibility", visibility == null ? "private" : visibility);
    body.put("auto_init", false);
    if (description != null) {
      body.put("description", description);
    }
    return repository(http.send("POST", "/orgs/" + owner + "/repos", body).body());
  }

  @Override
  public void setDefaultBranch(String path, String branch) throws ArchiverException {
    http.send("PATCH", "/repos/" + ownerAndName(path), Map.of("default_branch", branch));
  }

  private static String ownerAndName(String path) throws OperationFailedException {
    String[] parts = path.split("/");
    if (parts.length != 2) {
      throw new OperationFailedException("GitHub repositories are owner/name; '" + path + "' has " + parts.length
          + " segments (use a --target-template such as {group}-{name} for nested paths)");
    }
    return ForgeHttp.encode(parts[0]) + "/" + ForgeHttp.encode(parts[1]);
  }

  private static ForgeRepository repository(JsonNode r) {
    String visibility = r.hasNonNull("visibility") ? r.get("visibility").asText()
        : r.path("private").asBoolean(true) ? "private" : "public";
    return new ForgeRepository(r.path("full_name").asText(), r.path("clone_url").asText(null),
        GitLabForge.text(r, "default_branch"), GiteaForge.emptyToNull(GitLabForge.text(r, "description")), visibility,
        r.path("archived").asBoolean(false), r.path("fork").asBoolean(false));
  }
}
