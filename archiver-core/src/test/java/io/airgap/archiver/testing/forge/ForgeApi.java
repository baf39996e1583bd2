package io.airgap.archiver.testing.forge;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What the four fixture APIs share: token check, JSON in and out, query parameters, paging a list. */
abstract class ForgeApi extends HttpServlet {
  private static final long serialVersionUID = 1L;
  final transient ForgeFixture forge;

  ForgeApi(ForgeFixture forge) {
    this.forge = forge;
  }

  /** Whether the request carries the token the way this forge's documentation says it is sent. */
  abstract boolean authorized(HttpServletRequest req);

  /** This forge's documented 401 body. */
  abstract Object unauthorizedBody();

  abstract void handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!authorized(req)) {
      resp.setStatus(401);
      ForgeFixture.write(resp, unauthorizedBody());
      return;
    }
    handle(req.getMethod(), req.getRequestURI(), req, resp);
  }

  static String bearer(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static int intParam(HttpServletRequest req, String name, int fallback) {
    String v = req.getParameter(name);
    return v == null || v.isEmpty() ? fallback : Integer.parseInt(v);
  }

  static JsonNode body(HttpServletRequest req) throws IOException {
    return ForgeFixture.JSON.readTree(req.getInputStream().readAllBytes());
  }

  static void send(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    if (body != null) {
      ForgeFixture.write(resp, body);
    }
  }

  static <T> List<T> page(List<T> all, int page, int perPage) {
    int from = Math.min(all.size(), (page - 1) * perPage);
    return all.subList(from, Math.min(all.size(), from + perPage));
  }

  static Map<String, Object> message(String text) {
    return Map.of("message", text);
  }
}
