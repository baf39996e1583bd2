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
 * FIXTURE of the Bitbucket Data Center REST API 1.0, following
 * developer.atlassian.com/server/bitbucket/rest (Project: "Get repositories for project"
 * {@code ?start&limit} answering {@code size, limit, isLastPage, values, start, nextPageStart};
 * Repository: "Create repository" — 409 when the slug is taken, "Get repository", "Update default
 * branch" {@code PUT …/default-branch {"id": "refs/heads/…"}}, 204), the "Paged APIs" and
 * "Authentication" guides (HTTP access tokens as {@code Authorization: Bearer}; errors as
 * {@code {"errors":[{"message": …}]}}) and the rate-limiting guide (429 with {@code Retry-After}).
 */
final class BitbucketApi extends ForgeApi {
  private static final long serialVersionUID = 1L;
  private static final Pattern REPOS = Pattern.compile("/rest/api/(?:1\\.0|latest)/projects/([^/]+)/repos");
  private static final Pattern REPO = Pattern.compile("/rest/api/(?:1\\.0|latest)/projects/([^/]+)/repos/([^/]+)(/default-branch)?");

  BitbucketApi(ForgeFixture forge) {
    super(forge);
  }

  @Override
  boolean authorized(HttpServletRequest req) {
    return forge.token().equals(bearer(req));
  }

  @Override
  Object unauthorizedBody() {
    return errors("Authentication failed. Please check your credentials and try again.");
  }

  @Override
  void handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher m;
    if ((m = REPOS.matcher(path)).matches()) {
      String key = decode(m.group(1));
      if (forge.groupId(key) == null) {
        send(resp, 404, errors("Project " + key + " does not exist."));
      } else if (method.equals("GET")) {
        list(key, req, resp);
      } else if (method.equals("POST")) {
        create(key, body(req), resp);
      } else {
        send(resp, 405, errors("method not allowed"));
      }
    } else if ((m = REPO.matcher(path)).matches()) {
      String full = decode(m.group(1)) + "/" + decode(m.group(2));
      if (!forge.exists(full)) {
        send(resp, 404, errors("Repository " + full + " does not exist."));
      } else if (m.group(3) != null && method.equals("PUT")) {
        String ref = body(req).path("id").asText();
        if (!ref.startsWith("refs/heads/") || !forge.setDefaultBranch(full, ref.substring("refs/heads/".length()))) {
          send(resp, 400, errors("Branch " + ref + " does not exist"));
          return;
        }
        send(resp, 204, null);
      } else if (m.group(3) != null) {
        String branch = forge.defaultBranch(full);
        send(resp, branch == null ? 404 : 200, branch == null ? errors("no default branch")
            : Map.of("id", "refs/heads/" + branch, "displayId", branch));
      } else if (method.equals("GET")) {
        send(resp, 200, repo(full));
      } else {
        send(resp, 405, errors("method not allowed"));
      }
    } else {
      send(resp, 404, errors("not found"));
    }
  }

  private void list(String key, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    List<String> paths = forge.repos().keySet().stream().filter(p -> p.startsWith(key + "/")).toList();
    int limit = Math.min(Math.min(intParam(req, "limit", 25), 1000), forge.maxPerPage());
    int start = intParam(req, "start", 0);
    List<String> slice = paths.subList(Math.min(start, paths.size()), Math.min(paths.size(), start + limit));
    boolean last = start + limit >= paths.size();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("size", slice.size());
    page.put("limit", limit);
    page.put("isLastPage", last);
    page.put("values", slice.stream().map(this::repo).toList());
    page.put("start", start);
    if (!last) {
      page.put("nextPageStart", start + limit);
    }
    send(resp, 200, page);
  }

  private void create(String key, JsonNode body, HttpServletResponse resp) throws IOException {
    String slug = body.path("name").asText().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    String full = key + "/" + slug;
    if (forge.exists(full)) {
      send(resp, 409, errors("This repository URL is already taken by '" + slug + "' in '" + key + "'"));
      return;
    }
    forge.create(full, body.hasNonNull("description") ? body.get("description").asText() : null,
        body.path("public").asBoolean(false) ? "public" : "private");
    send(resp, 201, repo(full));
  }

  private static Map<String, Object> errors(String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("context", null);
    e.put("message", message);
    e.put("exceptionName", null);
    return Map.of("errors", List.of(e));
  }

  private Map<String, Object> repo(String full) {
    ForgeFixture.Meta meta = forge.meta(full);
    String shown = forge.shownPath(full);
    String key = shown.substring(0, Math.max(0, shown.indexOf('/')));
    String slug = shown.substring(shown.indexOf('/') + 1);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("slug", slug);
    r.put("id", meta.id);
    r.put("name", slug);
    if (meta.description != null) {
      r.put("description", meta.description);
    }
    r.put("scmId", "git");
    r.put("state", "AVAILABLE");
    r.put("forkable", true);
    r.put("archived", meta.archived);
    r.put("project", Map.of("key", key, "name", key));
    r.put("public", "public".equals(meta.visibility));
    if (meta.fork) {
      r.put("origin", Map.of("slug", slug, "project", Map.of("key", "UPSTREAM")));
    }
    r.put("links", Map.of("clone", List.of(Map.of("href", forge.gitUrl(full), "name", "http"))));
    return r;
  }
}
