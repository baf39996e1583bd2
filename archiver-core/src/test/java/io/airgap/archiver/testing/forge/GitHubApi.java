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
 * FIXTURE of the GitHub REST API as GitHub Enterprise Server serves it under {@code /api/v3},
 * following docs.github.com/en/rest/repos/repos ("List organization repositories", "List
 * repositories for a user", "Create an organization repository" — 422 when the name exists, "Get a
 * repository", "Update a repository" {@code default_branch}), rest/using-the-rest-api/using-pagination-in-the-rest-api
 * ({@code Link: <…>; rel="next"}) and rate-limits-for-the-rest-api (403 with
 * {@code X-RateLimit-Remaining: 0}, {@code X-RateLimit-Reset}); 401 {"message":"Bad credentials"}.
 *
 * <p>Whose repositories each list holds, per docs.github.com/en/rest/repos/repos: "List repositories
 * for a user" ({@code GET /users/{username}/repos}) "Lists public repositories for the specified
 * user" — never the private ones, whoever asks; "List repositories for the authenticated user"
 * ({@code GET /user/repos}) lists every visibility the token can see, and {@code affiliation=owner}
 * keeps it to the ones the user owns (the default also takes collaborator and organization-member
 * repositories: here, every organization's); {@code GET /user} ("Get the authenticated user") gives
 * the token's {@code login}.
 */
final class GitHubApi extends ForgeApi {
  private static final long serialVersionUID = 1L;
  private static final Pattern LIST = Pattern.compile("/api/v3/(orgs|users)/([^/]+)/repos");
  private static final Pattern USER_REPOS = Pattern.compile("/api/v3/user/repos");
  private static final Pattern REPO = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)");
  private static final String DOCS = "https://docs.github.com/rest";

  GitHubApi(ForgeFixture forge) {
    super(forge);
  }

  @Override
  boolean authorized(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    return h != null && (h.equals("Bearer " + forge.token()) || h.equals("token " + forge.token()));
  }

  @Override
  Object unauthorizedBody() {
    return Map.of("message", "Bad credentials", "documentation_url", DOCS);
  }

  @Override
  void handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher m;
    if (path.equals("/api/v3/user") && method.equals("GET")) {
      send(resp, 200, Map.of("login", forge.tokenLogin(), "type", "User"));
    } else if (USER_REPOS.matcher(path).matches() && method.equals("GET")) {
      String login = forge.tokenLogin();
      String affiliation = req.getParameter("affiliation");
      boolean ownerOnly = "owner".equals(affiliation);
      list(forge.repos().keySet().stream()
          .filter(p -> p.startsWith(login + "/") || !ownerOnly && !forge.isUser(p.substring(0, p.indexOf('/'))))
          .toList(), affiliation == null ? "" : "affiliation=" + affiliation + "&", req, resp);
    } else if ((m = LIST.matcher(path)).matches()) {
      String owner = decode(m.group(2));
      boolean org = m.group(1).equals("orgs");
      if (org ? forge.groupId(owner) == null : !forge.isUser(owner)) {
        send(resp, 404, Map.of("message", "Not Found", "documentation_url", DOCS));
      } else if (method.equals("GET")) {
        list(forge.repos().entrySet().stream().filter(e -> e.getKey().startsWith(owner + "/"))
            .filter(e -> org || "public".equals(e.getValue().visibility)).map(Map.Entry::getKey).toList(), "", req, resp);
      } else if (method.equals("POST") && org) {
        create(owner, body(req), resp);
      } else {
        send(resp, 404, Map.of("message", "Not Found", "documentation_url", DOCS));
      }
    } else if ((m = REPO.matcher(path)).matches()) {
      String full = decode(m.group(1)) + "/" + decode(m.group(2));
      if (!forge.exists(full)) {
        send(resp, 404, Map.of("message", "Not Found", "documentation_url", DOCS));
      } else if (method.equals("GET")) {
        send(resp, 200, repo(full));
      } else if (method.equals("PATCH")) {
        JsonNode body = body(req);
        if (body.hasNonNull("default_branch") && !forge.setDefaultBranch(full, body.get("default_branch").asText())) {
          send(resp, 422, Map.of("message", "Validation Failed", "errors", List.of(Map.of("resource", "Repository",
              "code", "invalid", "field", "default_branch")), "documentation_url", DOCS));
          return;
        }
        send(resp, 200, repo(full));
      } else {
        send(resp, 404, Map.of("message", "Not Found", "documentation_url", DOCS));
      }
    } else {
      send(resp, 404, Map.of("message", "Not Found", "documentation_url", DOCS));
    }
  }

  /** One page of {@code paths}; {@code query} (empty or ending in {@code &}) is kept in the page links. */
  private void list(List<String> paths, String query, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int perPage = Math.min(Math.min(intParam(req, "per_page", 30), 100), forge.maxPerPage());
    int page = intParam(req, "page", 1);
    int pages = Math.max(1, (paths.size() + perPage - 1) / perPage);
    String base = forge.linkApiUrl() + req.getRequestURI().substring("/api/v3".length()) + "?" + query + "per_page=" + perPage + "&page=";
    StringBuilder link = new StringBuilder();
    if (page < pages) {
      link.append('<').append(base).append(page + 1).append(">; rel=\"next\", <").append(base).append(pages)
          .append(">; rel=\"last\"");
    }
    if (page > 1) {
      link.append(link.length() == 0 ? "" : ", ").append('<').append(base).append(page - 1).append(">; rel=\"prev\"");
    }
    if (link.length() > 0) {
      resp.setHeader("Link", link.toString());
    }
    send(resp, 200, page(paths, page, perPage).stream().map(this::repo).toList());
  }

  private void create(String org, JsonNode body, HttpServletResponse resp) throws IOException {
    String full = org + "/" + body.path("name").asText();
    if (forge.exists(full)) {
      send(resp, 422, Map.of("message", "Repository creation failed.", "errors", List.of(Map.of("resource", "Repository",
          "code", "custom", "field", "name", "message", "name already exists on this account")),
          "documentation_url", DOCS));
      return;
    }
    String visibility = body.hasNonNull("visibility") ? body.get("visibility").asText()
        : body.path("private").asBoolean(false) ? "private" : "public";
    forge.create(full, body.hasNonNull("description") ? body.get("description").asText() : null, visibility);
    send(resp, 201, repo(full));
  }

  private Map<String, Object> repo(String full) {
    ForgeFixture.Meta meta = forge.meta(full);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", meta.id);
    r.put("name", full.substring(full.indexOf('/') + 1));
    r.put("full_name", forge.shownPath(full));
    r.put("owner", Map.of("login", full.substring(0, full.indexOf('/'))));
    r.put("private", !"public".equals(meta.visibility));
    r.put("visibility", meta.visibility);
    r.put("description", meta.description);
    r.put("fork", meta.fork);
    r.put("archived", meta.archived);
    String branch = forge.defaultBranch(full);
    r.put("default_branch", branch == null ? "main" : branch); // GitHub reports "main" even for an empty repository
    r.put("clone_url", forge.gitUrl(full));
    return r;
  }
}
