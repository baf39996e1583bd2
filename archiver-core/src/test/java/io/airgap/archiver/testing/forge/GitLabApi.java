package io.airgap.archiver.testing.forge;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FIXTURE of GitLab REST API v4, following docs.gitlab.com/ee/api/groups.html ("List a group's
 * projects": {@code include_subgroups}, offset pagination with {@code X-Next-Page}/{@code X-Total-Pages};
 * "New group" with {@code parent_id}), docs.gitlab.com/ee/api/projects.html ("Create project" with
 * {@code namespace_id}, "Edit project" {@code default_branch}) and rest/index.html (token in
 * {@code PRIVATE-TOKEN} or {@code Authorization: Bearer}; 401 {"message":"401 Unauthorized"}).
 */
final class GitLabApi extends ForgeApi {
  private static final long serialVersionUID = 1L;
  private static final Pattern GROUP_PROJECTS = Pattern.compile("/api/v4/groups/([^/]+)/projects");
  private static final Pattern GROUP = Pattern.compile("/api/v4/groups/([^/]+)");
  private static final Pattern PROJECT = Pattern.compile("/api/v4/projects/([^/]+)");

  GitLabApi(ForgeFixture forge) {
    super(forge);
  }

  @Override
  boolean authorized(HttpServletRequest req) {
    return forge.token().equals(req.getHeader("PRIVATE-TOKEN")) || forge.token().equals(bearer(req));
  }

  @Override
  Object unauthorizedBody() {
    return message("401 Unauthorized");
  }

  @Override
  void handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher m;
    if (method.equals("GET") && (m = GROUP_PROJECTS.matcher(path)).matches()) {
      listProjects(groupPath(decode(m.group(1))), req, resp);
    } else if (method.equals("GET") && (m = GROUP.matcher(path)).matches()) {
      String group = groupPath(decode(m.group(1)));
      if (group == null) {
        send(resp, 404, message("404 Group Not Found"));
      } else {
        send(resp, 200, group(group));
      }
    } else if (method.equals("POST") && path.equals("/api/v4/groups")) {
      createGroup(body(req), resp);
    } else if (method.equals("POST") && path.equals("/api/v4/projects")) {
      createProject(body(req), resp);
    } else if ((m = PROJECT.matcher(path)).matches()) {
      String project = projectPath(decode(m.group(1)));
      if (project == null) {
        send(resp, 404, message("404 Project Not Found"));
      } else if (method.equals("GET")) {
        send(resp, 200, project(project));
      } else if (method.equals("PUT")) {
        JsonNode body = body(req);
        if (body.hasNonNull("default_branch") && !forge.setDefaultBranch(project, body.get("default_branch").asText())) {
          send(resp, 400, message("Could not change HEAD: branch '" + body.get("default_branch").asText() + "' does not exist"));
          return;
        }
        send(resp, 200, project(project));
      } else {
        send(resp, 405, message("405 Method Not Allowed"));
      }
    } else {
      send(resp, 404, Map.of("error", "404 Not Found"));
    }
  }

  private void listProjects(String group, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (group == null) {
      send(resp, 404, message("404 Group Not Found"));
      return;
    }
    boolean subgroups = "true".equals(req.getParameter("include_subgroups"));
    List<String> paths = forge.repos().keySet().stream()
        .filter(p -> subgroups ? p.startsWith(group + "/") : p.substring(0, p.lastIndexOf('/')).equals(group))
        .toList();
    int perPage = Math.min(Math.min(intParam(req, "per_page", 20), 100), forge.maxPerPage());
    int page = intParam(req, "page", 1);
    int pages = Math.max(1, (paths.size() + perPage - 1) / perPage);
    resp.setHeader("X-Page", String.valueOf(page));
    resp.setHeader("X-Per-Page", String.valueOf(perPage));
    resp.setHeader("X-Total", String.valueOf(paths.size()));
    resp.setHeader("X-Total-Pages", String.valueOf(pages));
    resp.setHeader("X-Next-Page", page < pages ? String.valueOf(page + 1) : "");
    resp.setHeader("X-Prev-Page", page > 1 ? String.valueOf(page - 1) : "");
    send(resp, 200, page(paths, page, perPage).stream().map(this::project).toList());
  }

  private void createGroup(JsonNode body, HttpServletResponse resp) throws IOException {
    String parent = body.hasNonNull("parent_id") ? forge.groupPath(body.get("parent_id").asLong()) : "";
    if (parent == null) {
      send(resp, 404, message("404 Parent Group Not Found"));
      return;
    }
    String path = (parent.isEmpty() ? "" : parent + "/") + body.path("path").asText();
    if (forge.groupId(path) != null) {
      send(resp, 400, message("Failed to save group {:path=>[\"has already been taken\"]}"));
      return;
    }
    forge.newGroup(path);
    send(resp, 201, group(path));
  }

  private void createProject(JsonNode body, HttpServletResponse resp) throws IOException {
    String namespace = forge.groupPath(body.path("namespace_id").asLong());
    if (namespace == null) {
      send(resp, 404, message("404 Namespace Not Found"));
      return;
    }
    String path = namespace + "/" + body.path("path").asText(body.path("name").asText());
    if (forge.exists(path)) {
      send(resp, 400, Map.of("message", Map.of("path", List.of("has already been taken"))));
      return;
    }
    forge.create(path, body.hasNonNull("description") ? body.get("description").asText() : null,
        body.path("visibility").asText("private"));
    send(resp, 201, project(path));
  }

  private String groupPath(String idOrPath) {
    if (idOrPath.matches("\\d+")) {
      return forge.groupPath(Long.parseLong(idOrPath));
    }
    return forge.groupId(idOrPath) == null ? null : idOrPath;
  }

  private String projectPath(String idOrPath) {
    if (idOrPath.matches("\\d+")) {
      return forge.repos().values().stream().filter(r -> r.id == Long.parseLong(idOrPath)).map(r -> r.path)
          .findFirst().orElse(null);
    }
    return forge.exists(idOrPath) ? idOrPath : null;
  }

  private Map<String, Object> group(String path) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("id", forge.groupId(path));
    g.put("name", path.substring(path.lastIndexOf('/') + 1));
    g.put("path", path.substring(path.lastIndexOf('/') + 1));
    g.put("full_path", path);
    int slash = path.lastIndexOf('/');
    g.put("parent_id", slash < 0 ? null : forge.groupId(path.substring(0, slash)));
    return g;
  }

  private Map<String, Object> project(String path) {
    ForgeFixture.Meta meta = forge.meta(path);
    String name = path.substring(path.lastIndexOf('/') + 1);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", meta.id);
    p.put("name", name);
    p.put("path", name);
    p.put("path_with_namespace", forge.shownPath(path));
    p.put("namespace", Map.of("full_path", path.substring(0, path.lastIndexOf('/'))));
    p.put("description", meta.description);
    p.put("default_branch", forge.defaultBranch(path));
    p.put("visibility", meta.visibility);
    p.put("archived", meta.archived);
    p.put("http_url_to_repo", forge.gitUrl(path));
    if (meta.fork) {
      p.put("forked_from_project", Map.of("id", 1, "path_with_namespace", "upstream/" + name));
    }
    return p;
  }
}
