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
 * Bitbucket Data Center REST API 1.0 (developer.atlassian.com/server/bitbucket/rest): a project's
 * repositories paged by {@code start}/{@code isLastPage}/{@code nextPageStart}; a forge path is
 * {@code PROJECT/slug}; {@code POST /projects/{key}/repos}; {@code PUT …/repos/{slug}/default-branch}.
 * The list does not carry default branches (the archive records the source's HEAD instead);
 * {@code find} asks {@code GET …/default-branch}.
 */
final class BitbucketForge implements Forge {
  private static final int LIMIT = 100;
  private final ForgeHttp http;

  BitbucketForge(String apiUrl, String token, String tokenVariable, ProgressListener progress) {
    this.http = new ForgeHttp(ForgeKind.BITBUCKET, apiUrl, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
        tokenVariable, progress);
  }

  @Override
  public ForgeKind kind() {
    return ForgeKind.BITBUCKET;
  }

  @Override
  public List<ForgeRepository> list(String group) throws ArchiverException {
    List<ForgeRepository> out = new ArrayList<>();
    long start = 0;
    while (true) {
      ForgeHttp.Response r = http.get("/rest/api/1.0/projects/" + ForgeHttp.encode(group) + "/repos?start=" + start
          + "&limit=" + LIMIT);
      if (r.status() == 404) {
        throw new OperationFailedException("Bitbucket has no project '" + group + "' (404), or the token cannot see it");
      }
      for (JsonNode repo : r.body().path("values")) {
        out.add(repository(repo));
      }
      if (r.body().path("isLastPage").asBoolean(true) || !r.body().hasNonNull("nextPageStart")) {
        return out;
      }
      start = r.body().path("nextPageStart").asLong();
    }
  }

  @Override
  public Optional<ForgeRepository> find(String path) throws ArchiverException {
    ForgeHttp.Response r = http.get(repoPath(path));
    if (r.status() == 404) {
      return Optional.empty();
    }
    ForgeRepository repo = repository(r.body());
    ForgeHttp.Response branch = http.get(repoPath(path) + "/default-branch"); // 404 while the repository is empty
    String name = branch.status() == 404 ? null : GitLabForge.text(branch.body(), "displayId");
    return Optional.of(new ForgeRepository(repo.path(), repo.cloneUrl(), name, repo.description(), repo.visibility(),
        repo.archived(), repo.fork()));
  }

  @Override
  public ForgeRepository create(String path, String description, String visibility) throws ArchiverException {
    String[] parts = split(path);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", parts[1]);
    body.put("scmId", "git");
    body.put("public", "public".equals(visibility));
    if (description != null) {
      body.put("description", description);
    }
    return repository(http.send("POST", "/rest/api/1.0/projects/" + ForgeHttp.encode(parts[0]) + "/repos", body).body());
  }

  @Override
  public void setDefaultBranch(String path, String branch) throws ArchiverException {
    http.send("PUT", repoPath(path) + "/default-branch", Map.of("id", "refs/heads/" + branch));
  }

  private static String repoPath(String path) throws OperationFailedException {
    String[] parts = split(path);
    return "/rest/api/1.0/projects/" + ForgeHttp.encode(parts[0]) + "/repos/" + ForgeHttp.encode(parts[1]);
  }

  private static String[] split(String path) throws OperationFailedException {
    String[] parts = path.split("/");
    if (parts.length != 2) {
      throw new OperationFailedException("Bitbucket repositories are PROJECT/slug; '" + path + "' has " + parts.length
          + " segments (use a --target-template such as {group}-{name} for nested paths)");
    }
    return parts;
  }

  private static ForgeRepository repository(JsonNode r) {
    String clone = null;
    for (JsonNode link : r.path("links").path("clone")) {
      if ("http".equals(link.path("name").asText()) || "https".equals(link.path("name").asText())) {
        clone = link.path("href").asText();
      }
    }
    return new ForgeRepository(r.path("project").path("key").asText() + "/" + r.path("slug").asText(), clone, null,
        GiteaForge.emptyToNull(GitLabForge.text(r, "description")), r.path("public").asBoolean(false) ? "public" : "private",
        r.path("archived").asBoolean(false), r.has("origin"));
  }
}
