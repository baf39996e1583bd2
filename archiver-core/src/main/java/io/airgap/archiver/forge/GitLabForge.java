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
 * GitLab REST API v4 (docs.gitlab.com/ee/api/groups.html, projects.html): group projects with
 * subgroups paged by {@code X-Next-Page}; projects created in a namespace, missing nested groups
 * created parent first; the default branch set with {@code PUT /projects/:id}.
 */
final class GitLabForge implements Forge {
  private static final int PER_PAGE = 100;
  private final ForgeHttp http;

  GitLabForge(String apiUrl, String token, String tokenVariable, ProgressListener progress) {
    this.http = new ForgeHttp(ForgeKind.GITLAB, apiUrl, token == null ? Map.of() : Map.of("PRIVATE-TOKEN", token),
        tokenVariable, progress);
  }

  @Override
  public ForgeKind kind() {
    return ForgeKind.GITLAB;
  }

  @Override
  public List<ForgeRepository> list(String group) throws ArchiverException {
    List<ForgeRepository> out = new ArrayList<>();
    String page = "1";
    while (page != null && !page.isEmpty()) {
      ForgeHttp.Response r = http.get("/api/v4/groups/" + ForgeHttp.encode(group)
          + "/projects?include_subgroups=true&with_shared=false&order_by=path&sort=asc&per_page=" + PER_PAGE
          + "&page=" + page);
      if (r.status() == 404) {
        throw new OperationFailedException("GitLab has no group '" + group + "' (404), or the token cannot see it");
      }
      for (JsonNode p : r.body()) {
        out.add(repository(p));
      }
      page = r.header("X-Next-Page");
    }
    return out;
  }

  @Override
  public Optional<ForgeRepository> find(String path) throws ArchiverException {
    ForgeHttp.Response r = http.get("/api/v4/projects/" + ForgeHttp.encode(path));
    return r.status() == 404 ? Optional.empty() : Optional.of(repository(r.body()));
  }

  @Override
  public ForgeRepository create(String path, String description, String visibility) throws ArchiverException {
    String group = path.substring(0, Math.max(0, path.lastIndexOf('/')));
    if (group.isEmpty()) {
      throw new OperationFailedException("GitLab projects live in a group: '" + path + "' names none");
    }
    long namespaceId = ensureGroup(group, visibility);
    String name = path.substring(path.lastIndexOf('/') + 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("path", name);
    body.put("namespace_id", namespaceId);
    body.put("visibility", visibility == null ? "private" : visibility);
    if (description != null) {
      body.put("description", description);
    }
    return repository(http.send("POST", "/api/v4/projects", body).body());
  }

  /** The group's id; missing groups along the path are created, parent first (top-level ones too). */
  private long ensureGroup(String fullPath, String visibility) throws ArchiverException {
    ForgeHttp.Response r = http.get("/api/v4/groups/" + ForgeHttp.encode(fullPath));
    if (r.status() != 404) {
      return r.body().path("id").asLong();
    }
    int slash = fullPath.lastIndexOf('/');
    Long parent = slash < 0 ? null : ensureGroup(fullPath.substring(0, slash), visibility);
    String name = fullPath.substring(slash + 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("path", name);
    body.put("visibility", visibility == null ? "private" : visibility);
    if (parent != null) {
      body.put("parent_id", parent);
    }
    return http.send("POST", "/api/v4/groups", body).body().path("id").asLong();
  }

  @Override
  public void setDefaultBranch(String path, String branch) throws ArchiverException {
    http.send("PUT", "/api/v4/projects/" + ForgeHttp.encode(path), Map.of("default_branch", branch));
  }

  private static ForgeRepository repository(JsonNode p) {
    return new ForgeRepository(p.path("path_with_namespace").asText(), p.path("http_url_to_repo").asText(null),
        text(p, "default_branch"), text(p, "description"), p.path("visibility").asText("private"),
        p.path("archived").asBoolean(false), p.hasNonNull("forked_from_project"));
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
