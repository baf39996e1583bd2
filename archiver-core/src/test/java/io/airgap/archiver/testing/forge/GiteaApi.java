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
 * FIXTURE of the Gitea (and Forgejo) API v1, following docs.gitea.com/api (swagger: "orgListRepos"
 * {@code GET /orgs/{org}/repos?page&limit} with {@code Link} and {@code X-Total-Count},
 * "userListRepos", "createOrgRepo" — 409 when the name exists, "repoGet", "repoEdit"
 * {@code default_branch}) and docs.gitea.com/development/api-usage ({@code Authorization: token …};
 * 401 {"message":"…"}; default page size 30, {@code MAX_RESPONSE_ITEMS} 50).
 *
 * <p>Unlike GitHub's, Gitea's {@code GET /users/{username}/repos} lists PRIVATE repositories too
 * when the request is signed in and the token's user can read them (routers/api/v1/user/repo.go:
 * {@code ListUserRepos} passes {@code private := ctx.IsSigned}, then keeps each repository the doer
 * has access to): this fixture's one token reads everything, so it lists every visibility.
 */
final class GiteaApi extends ForgeApi {
  private static final long serialVersionUID = 1L;
  private static final Pattern LIST = Pattern.compile("/api/v1/(orgs|users)/([^/]+)/repos");
  private static final Pattern REPO = Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)");

  GiteaApi(ForgeFixture forge) {
    super(forge);
  }

  @Override
  boolean authorized(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    return h != null && (h.equals("token " + forge.token()) || h.equals("Bearer " + forge.token()));
  }

  @Override
  Object unauthorizedBody() {
    return Map.of("message", "user does not exist [uid: 0, name: ]", "url", forge.apiUrl() + "/api/swagger");
  }

  @Override
  void handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher m;
    if ((m = LIST.matcher(path)).matches()) {
      String owner = decode(m.group(2));
      boolean org = m.group(1).equals("orgs");
      if (org ? forge.groupId(owner) == null : !forge.isUser(owner)) {
        send(resp, 404, notFound());
      } else if (method.equals("GET")) {
        list(owner, req, resp);
      } else if (method.equals("POST") && org) {
        create(owner, body(req), resp);
      } else {
        send(resp, 404, notFound());
      }
    } else if ((m = REPO.matcher(path)).matches()) {
      String full = decode(m.group(1)) + "/" + decode(m.group(2));
      if (!forge.exists(full)) {
        send(resp, 404, notFound());
      } else if (method.equals("GET")) {
        send(resp, 200, repo(full));
      } else if (method.equals("PATCH")) {
        JsonNode body = body(req);
        if (body.hasNonNull("default_branch") && !forge.setDefaultBranch(full, body.get("default_branch").asText())) {
          send(resp, 422, message("branch does not exist"));
          return;
        }
        send(resp, 200, repo(full));
      } else {
        send(resp, 405, message("method not allowed"));
      }
    } else {
      send(resp, 404, notFound());
    }
  }

  private Map<String, Object> notFound() {
    return Map.of("errors", List.of(), "message", "The target couldn't be found.", "url", forge.apiUrl() + "/api/swagger");
  }

  private void list(String owner, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    List<String> paths = forge.repos().keySet().stream().filter(p -> p.startsWith(owner + "/")).toList();
    int limit = Math.min(Math.min(intParam(req, "limit", 30), 50), forge.maxPerPage());
    int page = intParam(req, "page", 1);
    int pages = Math.max(1, (paths.size() + limit - 1) / limit);
    String base = forge.linkApiUrl() + req.getRequestURI() + "?limit=" + limit + "&page=";
    resp.setHeader("X-Total-Count", String.valueOf(paths.size()));
    if (page < pages) {
      resp.setHeader("Link", "<" + base + (page + 1) + ">; rel=\"next\",<" + base + pages + ">; rel=\"last\"");
    }
    send(resp, 200, page(paths, page, limit).stream().map(this::repo).toList());
  }

  private void create(String org, JsonNode body, HttpServletResponse resp) throws IOException {
    String full = org + "/" + body.path("name").asText();
    if (forge.exists(full)) {
      send(resp, 409, message("The repository with the same name already exists."));
      return;
    }
    forge.create(full, body.hasNonNull("description") ? body.get("description").asText() : null,
        body.path("private").asBoolean(false) ? "private" : "public");
    send(resp, 201, repo(full));
  }

  private Map<String, Object> repo(String full) {
    ForgeFixture.Meta meta = forge.meta(full);
    String branch = forge.defaultBranch(full);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", meta.id);
    r.put("name", full.substring(full.indexOf('/') + 1));
    r.put("full_name", forge.shownPath(full));
    r.put("owner", Map.of("login", full.substring(0, full.indexOf('/')), "username", full.substring(0, full.indexOf('/'))));
    r.put("private", !"public".equals(meta.visibility));
    r.put("description", meta.description == null ? "" : meta.description);
    r.put("fork", meta.fork);
    r.put("archived", meta.archived);
    r.put("empty", branch == null);
    r.put("default_branch", branch == null ? "main" : branch);
    r.put("clone_url", forge.gitUrl(full));
    return r;
  }
}
