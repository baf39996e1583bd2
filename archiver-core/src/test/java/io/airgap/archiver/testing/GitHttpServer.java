package io.airgap.archiver.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * JGit's smart-HTTP Git server on loopback, serving the bare repositories in one folder, with
 * basic authentication; fetch and push both work. Each repository also has JGit's LFS server at
 * {@code <url>/info/lfs}, storing objects in the repository's {@code lfs/objects}.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Server server;
  private final Path root;
  private final AtomicInteger rejectedLogins = new AtomicInteger();
  private final List<String> lfsRequests = new CopyOnWriteArrayList<>();
  private final Map<String, LfsServerContext> lfsContexts = new TreeMap<>();

  private GitHttpServer(Server server, Path root) {
    this.server = server;
    this.root = root;
  }

  /** Starts serving {@code root}'s repositories at {@code /git/<name>}, for {@code user}/{@code password}. */
  public static GitHttpServer start(Path root, String user, String password) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    GitHttpServer result = new GitHttpServer(server, root);

    GitServlet git = new GitServlet();
    git.setRepositoryResolver((req, name) -> {
      Path dir = root.resolve(name).normalize();
      if (!dir.startsWith(root) || !Files.exists(dir.resolve("HEAD"))) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        return repo;
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    git.setReceivePackFactory((req, db) -> new ReceivePack(db));

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/git");
    context.addServlet(new ServletHolder(git), "/*");
    Filter auth = result.basicAuth(user, password);
    context.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));
    // every repository present at start also gets JGit's LFS server, behind the same basic auth
    ContextHandlerCollection contexts = new ContextHandlerCollection(context);
    Map<String, LfsServerContext> lfs = result.lfsContexts;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(d -> Files.exists(d.resolve("HEAD"))).toList()) {
        LfsServerContext lfsContext = new LfsServerContext(dir.getFileName().toString(), dir, auth, result.lfsLog());
        lfs.put(dir.getFileName().toString(), lfsContext);
        contexts.addHandler(lfsContext.handler());
      }
    }
    server.setHandler(contexts);
    server.start();
    lfs.forEach((name, lfsContext) -> lfsContext.setBaseUrl(result.url(name) + "/info/lfs"));
    return result;
  }

  private Filter basicAuth(String user, String password) {
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        String header = ((HttpServletRequest) request).getHeader("Authorization");
        if (expected.equals(header)) {
          chain.doFilter(request, response);
          return;
        }
        if (header != null) {
          rejectedLogins.incrementAndGet();
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        http.sendError(401);
      }
    };
  }

  /** Records every request to an LFS endpoint as "METHOD /path", before authentication. */
  private Filter lfsLog() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      lfsRequests.add(http.getMethod() + " " + http.getRequestURI());
      chain.doFilter(request, response);
    };
  }

  /** LFS batch answers send transfers through {@code port} (a proxy in front of this server) instead. */
  public void advertiseLfsThrough(int port) {
    lfsContexts.forEach((name, lfsContext) -> lfsContext.setBaseUrl(
        url(name).replace("127.0.0.1:" + port() + "/", "127.0.0.1:" + port + "/") + "/info/lfs"));
  }

  /** Requests to the LFS endpoints so far, as "METHOD /path", e.g. "PUT /git/target.git/info/lfs/objects/<oid>". */
  public List<String> lfsRequests() {
    return List.copyOf(lfsRequests);
  }

  /** Where the LFS server of a served repository keeps its objects (git-lfs layout). */
  public Path lfsObjects(String repoName) {
    return root.resolve(repoName).resolve("lfs").resolve("objects");
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The clone URL of a repository in the served folder. */
  public String url(String repoName) {
    return "http://127.0.0.1:" + port() + "/git/" + repoName;
  }

  public Path root() {
    return root;
  }

  public int rejectedLogins() {
    return rejectedLogins.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
