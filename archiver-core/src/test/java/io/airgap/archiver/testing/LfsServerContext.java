package io.airgap.archiver.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.lfs.lib.AnyLongObjectId;
import org.eclipse.jgit.lfs.lib.LongObjectId;
import org.eclipse.jgit.lfs.server.LargeFileRepository;
import org.eclipse.jgit.lfs.server.LfsProtocolServlet;
import org.eclipse.jgit.lfs.server.Response;
import org.eclipse.jgit.lfs.server.fs.FileLfsRepository;
import org.eclipse.jgit.lfs.server.fs.FileLfsServlet;

/**
 * JGit's LFS server for one served repository, at {@code /git/<name>/info/lfs}: the batch API
 * ({@link LfsProtocolServlet}), object transfers ({@link FileLfsServlet}) and a verify action, storing
 * objects in the repository's {@code lfs/objects}. Transfer actions carry the caller's own
 * {@code Authorization}, as real servers hand out tokens, so transfers pass the same basic auth.
 */
final class LfsServerContext {
  private static final Pattern VERIFY_BODY = Pattern.compile("\"oid\"\\s*:\\s*\"([0-9a-f]{64})\".*\"size\"\\s*:\\s*(\\d+)",
      Pattern.DOTALL);

  private final FileLfsRepository store;
  private final ServletContextHandler context;

  LfsServerContext(String repoName, Path repoDir, Filter auth, Filter log) throws IOException {
    this.store = new FileLfsRepository(null, repoDir.resolve("lfs").resolve("objects"));
    this.context = new ServletContextHandler();
    context.setContextPath("/git/" + repoName + "/info/lfs");
    context.addServlet(new ServletHolder(new BatchServlet()), "/objects/batch");
    ServletHolder objects = new ServletHolder(new FileLfsServlet(store, 30_000));
    objects.setAsyncSupported(true);
    context.addServlet(objects, "/objects/*");
    context.addServlet(new ServletHolder(new VerifyServlet()), "/verify");
    for (Filter filter : new Filter[] {log, auth}) {
      FilterHolder holder = new FilterHolder(filter);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
  }

  ServletContextHandler handler() {
    return context;
  }

  /** Called once the port is known. */
  void setBaseUrl(String lfsUrl) {
    store.setUrl(lfsUrl + "/objects/");
  }

  private String verifyUrl() {
    String objects = store.getUrl();
    return objects.substring(0, objects.length() - "objects/".length()) + "verify";
  }

  private final class BatchServlet extends LfsProtocolServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected LargeFileRepository getLargeFileRepository(LfsRequest request, String path, String auth) {
      return new LargeFileRepository() {
        @Override
        public Response.Action getDownloadAction(AnyLongObjectId id) {
          return action(store.getUrl() + id.name(), auth);
        }

        @Override
        public Response.Action getUploadAction(AnyLongObjectId id, long size) {
          return action(store.getUrl() + id.name(), auth);
        }

        @Override
        public Response.Action getVerifyAction(AnyLongObjectId id) {
          return action(verifyUrl(), auth);
        }

        @Override
        public long getSize(AnyLongObjectId id) throws IOException {
          return store.getSize(id);
        }
      };
    }
  }

  private static Response.Action action(String href, String auth) {
    Response.Action action = new Response.Action();
    action.href = href;
    action.header = auth == null ? Map.of() : Map.of("Authorization", auth);
    return action;
  }

  /** The batch API's verify action: 200 if the object is stored with the given size. */
  private final class VerifyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      Matcher m = VERIFY_BODY.matcher(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      if (!m.find()) {
        res.sendError(422);
        return;
      }
      long size = store.getSize(LongObjectId.fromString(m.group(1)));
      res.setStatus(size == Long.parseLong(m.group(2)) ? 200 : 404);
    }
  }
}
