package io.airgap.archiver.testing.forge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.forge.ForgeKind;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A FIXTURE, not a forge: no GitLab, GitHub, Gitea or Bitbucket server runs on this machine, so
 * this Jetty server answers each forge's REST API as its public documentation describes it (request
 * shapes, paging headers, 401/404/409/422/429 answers; the page each servlet follows is named in its
 * Javadoc) in front of a real Git server — JGit's smart HTTP with basic auth (any user, the token
 * as password) — over the same bare repositories. Creating a repository through the API makes a
 * bare repository; setting the default branch moves its {@code HEAD}, as a forge does.
 */
public final class ForgeFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ForgeKind kind;
  private final Path root;
  private final String token;
  private final Server server;
  private final Map<String, Meta> repos = new TreeMap<>();
  private final Map<String, Long> groups = new TreeMap<>();
  private final Map<String, String> claimed = new TreeMap<>();
  private final java.util.Set<String> users = new java.util.TreeSet<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(100);
  private final AtomicInteger rateLimitAfter = new AtomicInteger(-1);
  private final AtomicInteger apiCalls = new AtomicInteger();
  private volatile int maxPerPage = 100;
  private volatile String cloneBase;
  private volatile String linkBase;
  private volatile String tokenLogin = "fixture-bot";
  private final java.util.Queue<Canned> canned = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** An answer the next API request gets instead of the API's own (see {@link #answerNext}). */
  private record Canned(String path, int status, Map<String, String> headers, Object body) {}

  /** What the forge knows about a repository beyond its Git data. */
  static final class Meta {
    final long id;
    final String path;
    String description;
    String visibility;
    boolean archived;
    boolean fork;

    Meta(long id, String path, String description, String visibility) {
      this.id = id;
      this.path = path;
      this.description = description;
      this.visibility = visibility;
    }
  }

  private ForgeFixture(ForgeKind kind, Path root, String token) {
    this.kind = kind;
    this.root = root;
    this.token = token;
    this.server = new Server();
  }

  /** Starts a fixture of {@code kind} serving (and creating) bare repositories under {@code root}. */
  public static ForgeFixture start(ForgeKind kind, Path root, String token) throws Exception {
    ForgeFixture f = new ForgeFixture(kind, root, token);
    HttpConfiguration config = new HttpConfiguration();
    config.setUriCompliance(UriCompliance.LEGACY); // GitLab's :id is a URL-encoded path ("backend%2Fsub")
    ServerConnector connector = new ServerConnector(f.server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    f.server.addConnector(connector);

    GitServlet git = new GitServlet();
    git.setRepositoryResolver((req, name) -> {
      String path = name.replaceFirst("^scm/", "").replaceFirst("\\.git$", "");
      Path dir = f.repoDir(path);
      if (!dir.startsWith(root) || !Files.exists(dir.resolve("HEAD"))) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    git.setReceivePackFactory((req, db) -> new ReceivePack(db));

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder(git), "/*");
    HttpServlet api = switch (kind) {
      case GITLAB -> new GitLabApi(f);
      case GITHUB -> new GitHubApi(f);
      case GITEA -> new GiteaApi(f);
      case BITBUCKET -> new BitbucketApi(f);
    };
    context.addServlet(new ServletHolder(api), "/api/*");
    context.addServlet(new ServletHolder(api), "/rest/*");
    context.addFilter(new FilterHolder(f.gate()), "/*", EnumSet.of(DispatcherType.REQUEST));
    f.server.setHandler(context);
    f.server.start();
    return f;
  }

  /** Logs every request; Git needs basic auth with the token as password; rate limits are injected here. */
  private Filter gate() {
    return (request, response, chain) -> {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse resp = (HttpServletResponse) response;
      String uri = req.getRequestURI();
      requests.add(req.getMethod() + " " + uri + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
      boolean isApi = uri.startsWith("/api/") || uri.startsWith("/rest/");
      if (!isApi) {
        String expected = Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
        String header = req.getHeader("Authorization");
        boolean ok = false;
        if (header != null && header.startsWith("Basic ")) {
          String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
          ok = decoded.endsWith(":" + token);
        }
        if (!ok) {
          resp.setHeader("WWW-Authenticate", "Basic realm=\"" + kind.displayName() + " fixture\"");
          resp.sendError(401);
          return;
        }
        chain.doFilter(request, response);
        return;
      }
      if (apiCalls.incrementAndGet() == rateLimitAfter.get()) {
        rateLimit(resp);
        return;
      }
      Canned c = canned.peek();
      if (c != null && (c.path() == null || c.path().equals(uri)) && canned.remove(c)) {
        resp.setStatus(c.status());
        c.headers().forEach(resp::setHeader);
        if (c.body() != null) {
          write(resp, c.body());
        }
        return;
      }
      chain.doFilter(request, response);
    };
  }

  /** Answers one request with this forge's documented rate-limit response. */
  private void rateLimit(HttpServletResponse resp) throws IOException {
    if (kind == ForgeKind.GITHUB) {
      // docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api: primary limit exhausted
      resp.setStatus(403);
      resp.setHeader("X-RateLimit-Limit", "5000");
      resp.setHeader("X-RateLimit-Remaining", "0");
      resp.setHeader("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 1));
      write(resp, Map.of("message", "API rate limit exceeded for user ID 1.",
          "documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"));
      return;
    }
    resp.setStatus(429);
    resp.setHeader("Retry-After", "1");
    if (kind == ForgeKind.BITBUCKET) {
      write(resp, Map.of("errors", List.of(Map.of("message", "Too many requests: rate limit exceeded"))));
    } else {
      write(resp, Map.of("message", kind == ForgeKind.GITLAB ? "Retry later" : "rate limit exceeded"));
    }
  }

  static void write(HttpServletResponse resp, Object body) throws IOException {
    resp.setContentType("application/json");
    resp.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  // ---- state, shared by the API servlets ----

  /** Adds a repository holding a mirror of {@code source} (a path C git can clone), as the forge would list it. */
  public synchronized ForgeFixture add(String path, Path source, String description, String visibility) throws Exception {
    Path dir = repoDir(path);
    Files.createDirectories(dir.getParent());
    try (Git g = Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(dir.toFile()).setBare(true)
        .setMirror(true).call()) {
      // the source's HEAD travels with the mirror
    }
    repos.put(path, new Meta(ids.incrementAndGet(), path, description, visibility));
    ensureGroups(path);
    return this;
  }

  /**
   * A compromised or broken forge: its API answers {@code shown} as the forge path of the repository
   * at {@code path} (lists, finds); the clone URL stays the real one.
   */
  public synchronized ForgeFixture claims(String path, String shown) {
    claimed.put(path, shown);
    return this;
  }

  /** The forge path the API answers for the repository at {@code path}. */
  synchronized String shownPath(String path) {
    return claimed.getOrDefault(path, path);
  }

  public synchronized ForgeFixture archived(String path) {
    repos.get(path).archived = true;
    return this;
  }

  public synchronized ForgeFixture fork(String path) {
    repos.get(path).fork = true;
    return this;
  }

  /** A group (GitLab), organization (GitHub, Gitea) or project (Bitbucket) with no repositories yet. */
  public synchronized ForgeFixture group(String path) {
    String[] parts = path.split("/");
    String prefix = "";
    for (String p : parts) {
      prefix = prefix.isEmpty() ? p : prefix + "/" + p;
      groups.putIfAbsent(prefix, ids.incrementAndGet());
    }
    return this;
  }

  /** Marks an owner as a user rather than an organization (GitHub, Gitea: listed under /users/). */
  public synchronized ForgeFixture user(String name) {
    users.add(name);
    groups.remove(name);
    return this;
  }

  synchronized boolean isUser(String name) {
    return users.contains(name);
  }

  private void ensureGroups(String repoPath) {
    int slash = repoPath.lastIndexOf('/');
    if (slash > 0 && !users.contains(repoPath.substring(0, slash))) {
      group(repoPath.substring(0, slash));
    }
  }

  /** Caps the page size whatever the client asks, so a handful of repositories spans several pages. */
  public ForgeFixture maxPerPage(int n) {
    this.maxPerPage = n;
    return this;
  }

  /** The {@code n}-th API request from now gets the forge's rate-limit answer (429 / GitHub's 403). */
  public ForgeFixture rateLimitRequest(int n) {
    rateLimitAfter.set(apiCalls.get() + n);
    return this;
  }

  /**
   * The next {@code times} API requests get this answer (status, headers, JSON body or null) instead
   * of the API's own: a forge's 5xx, its rate-limit or missing-scope 403, as its documentation shows them.
   */
  public ForgeFixture answerNext(int times, int status, Map<String, String> headers, Object body) {
    for (int i = 0; i < times; i++) {
      canned.add(new Canned(null, status, Map.copyOf(headers), body));
    }
    return this;
  }

  /** The next request to {@code path} (e.g. {@code /api/v3/user}) gets this answer; others pass until then. */
  public ForgeFixture answerAt(String path, int status, Map<String, String> headers, Object body) {
    canned.add(new Canned(path, status, Map.copyOf(headers), body));
    return this;
  }

  /** The user the token belongs to (GitHub {@code GET /user}); a user owner as {@link #user} makes it. */
  public ForgeFixture tokenUser(String login) {
    this.tokenLogin = login;
    return user(login);
  }

  String tokenLogin() {
    return tokenLogin;
  }

  int maxPerPage() {
    return maxPerPage;
  }

  String token() {
    return token;
  }

  synchronized Map<String, Meta> repos() {
    return new TreeMap<>(repos);
  }

  synchronized Meta meta(String path) {
    return repos.get(path);
  }

  synchronized Long groupId(String path) {
    return groups.get(path);
  }

  synchronized String groupPath(long id) {
    return groups.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  synchronized long newGroup(String path) {
    long id = ids.incrementAndGet();
    groups.put(path, id);
    return id;
  }

  /** Creates an empty bare repository whose HEAD names {@code main}, as forges do for a new repository. */
  synchronized Meta create(String path, String description, String visibility) throws IOException {
    Path dir = repoDir(path);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
      repo.create(true);
      RefUpdate head = repo.updateRef(Constants.HEAD);
      head.link("refs/heads/main");
    }
    Meta meta = new Meta(ids.incrementAndGet(), path, description, visibility);
    repos.put(path, meta);
    return meta;
  }

  /** The default branch: HEAD's target when that branch exists, else null (an empty repository). */
  String defaultBranch(String path) {
    try (Repository repo = open(path)) {
      Ref head = repo.exactRef(Constants.HEAD);
      if (head == null || !head.isSymbolic() || head.getTarget().getObjectId() == null) {
        return null;
      }
      return Repository.shortenRefName(head.getTarget().getName());
    } catch (IOException e) {
      return null;
    }
  }

  /** Moves HEAD; false if the branch does not exist. */
  boolean setDefaultBranch(String path, String branch) throws IOException {
    try (Repository repo = open(path)) {
      if (repo.exactRef("refs/heads/" + branch) == null) {
        return false;
      }
      repo.updateRef(Constants.HEAD).link("refs/heads/" + branch);
      return true;
    }
  }

  private Repository open(String path) throws IOException {
    return new FileRepositoryBuilder().setGitDir(repoDir(path).toFile()).setMustExist(true).build();
  }

  Path repoDir(String path) {
    return root.resolve(path + ".git").normalize();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  // ---- what tests use ----

  public ForgeKind kind() {
    return kind;
  }

  /** The URL to pass as {@code --api-url}: the server root, for GitHub the Enterprise-style {@code /api/v3}. */
  public String apiUrl() {
    return kind == ForgeKind.GITHUB ? baseUrl() + "/api/v3" : baseUrl();
  }

  /** The Git clone URL of a repository, as the forge gives it. */
  public String gitUrl(String path) {
    String base = cloneBase != null ? cloneBase : baseUrl();
    return base + (kind == ForgeKind.BITBUCKET ? "/scm/" : "/") + path + ".git";
  }

  /** The API's answers give clone URLs on {@code base} (another origin, e.g. a recording listener) instead. */
  public ForgeFixture cloneUrlsAt(String base) {
    this.cloneBase = base;
    return this;
  }

  /** Absolute next-page links (GitHub, Gitea {@code Link} headers) point at {@code base} instead of the API. */
  public ForgeFixture nextLinksAt(String base) {
    this.linkBase = base;
    return this;
  }

  /** Where absolute API links point: the API URL, or the {@link #nextLinksAt} override with the API's path. */
  String linkApiUrl() {
    return linkBase == null ? apiUrl() : linkBase + apiUrl().substring(baseUrl().length());
  }

  /** The URL template a fleet restore into this forge uses. */
  public String template() {
    return baseUrl() + (kind == ForgeKind.BITBUCKET ? "/scm/" : "/") + "{path}.git";
  }

  /** The bare repository behind a forge path. */
  public Path repository(String path) {
    return repoDir(path);
  }

  /** The forge paths of every repository it holds. */
  public synchronized List<String> paths() {
    return new ArrayList<>(repos.keySet());
  }

  public synchronized boolean exists(String path) {
    return repos.containsKey(path);
  }

  public synchronized String visibility(String path) {
    return repos.get(path).visibility;
  }

  public synchronized String description(String path) {
    return repos.get(path).description;
  }

  public String defaultBranchOf(String path) {
    return defaultBranch(path);
  }

  /** Every request so far, "METHOD /path?query". */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  /** Requests that change something: API writes and Git pushes (receive-pack). */
  public List<String> writes() {
    return requests.stream().filter(r -> (r.startsWith("POST /api") || r.startsWith("POST /rest")
        || r.startsWith("PUT ") || r.startsWith("PATCH ") || r.startsWith("DELETE ")
        || r.startsWith("POST ") && r.contains("git-receive-pack"))).toList();
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
