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
 * Gitea / Forgejo API v1 (docs.gitea.com/api, swagger {@code /api/swagger}): org repositories (a
 * user's when no such org) paged by {@code page}/{@code limit} and {@code Link rel="next"};
 * {@code POST /orgs/{org}/repos}; {@code PATCH /repos/{owner}/{repo}} for the default branch.
 */
final class GiteaForge implements Forge {
  private static final int LIMIT = 50;
  private final ForgeHttp http;

  GiteaForge(String apiUrl, String token, String tokenVariable, ProgressListener progress) {
    this.http = new ForgeHttp(ForgeKind.GITEA, apiUrl, token == null ? Map.of() : Map.of("Authorization", "token " + token),
        tokenVariable, progress);
  }

  @Override
  public ForgeKind kind() {
    return ForgeKind.GITEA;
  }

  @Override
  public List<ForgeRepository> list(String group) throws ArchiverException {
    String first = "/api/v1/orgs/" + ForgeHttp.encode(group) + "/repos?limit=" + LIMIT + "&page=1";
    ForgeHttp.Response r = http.get(first);
    if (r.status() == 404) {
      r = http.get("/api/v1/users/" + ForgeHttp.encode(group) + "/repos?limit=" + LIMIT + "&page=1");
      if (r.status() == 404) {
        throw new OperationFailedException("Gitea has no organization or user '" + group + "' (404), or the token cannot see it");
      }
    }
    List<ForgeRepository> out = new ArrayList<>();
    while (true) {
      for (JsonNode repo : r.body()) {
        out.add(repository(repo));
      }
      String next = r.nextLink();
      if (next == null || !r.body().elements().hasNext()) {
        return out;
      }
      r = http.get(next);
    }
  }

  @Override
  public Optional<ForgeRepository> find(String path) throws ArchiverException {
    ForgeHttp.Response r = http.get("/api/v1/repos/" + ownerAndName(path));
    return r.status() == 404 ? Optional.empty() : Optional.of(repository(r.body()));
  }

  @Override
  public ForgeRepository create(String path, String description, String visibility) throws ArchiverException {
    String owner = ownerAndName(path).split("/")[0];
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", path.substring(path.indexOf('/') + 1));
    body.put("private", !"public".equals(visibility));
    if (description != null) {
      body.put("description", description);
    }
    return repository(http.send("POST", "/api/v1/orgs/" + owner + "/repos", body).body());
  }

  @Override
  public void setDefaultBranch(String path, String branch) throws ArchiverException {
    http.send("PATCH", "/api/v1/repos/" + ownerAndName(path), Map.of("default_branch", branch));
  }

  /** {@code owner/name}, encoded; Gitea has no nested groups. */
  private static String ownerAndName(String path) throws OperationFailedException {
    String[] parts = path.split("/");
    if (parts.length != 2) {
      throw new OperationFailedException("Gitea repositories are owner/name; '" + path
          + "' has " + parts.length + " segments (use a --target-template such as {group}-{name} for nested paths)");
    }
    return ForgeHttp.encode(parts[0]) + "/" + ForgeHttp.encode(parts[1]);
  }

  private static ForgeRepository repository(JsonNode r) {
    String visibility = r.path("private").asBoolean(true) ? "private"
        : "limited".equals(r.path("owner").path("visibility").asText()) ? "internal" : "public";
    return new ForgeRepository(r.path("full_name").asText(), r.path("clone_url").asText(null),
        GitLabForge.text(r, "default_branch"), emptyToNull(GitLabForge.text(r, "description")), visibility,
        r.path("archived").asBoolean(false), r.path("fork").asBoolean(false));
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
