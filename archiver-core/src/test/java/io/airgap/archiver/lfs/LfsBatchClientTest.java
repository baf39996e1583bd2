package io.airgap.archiver.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airgap.archiver.testing.HeaderRecorder;
import io.airgap.archiver.testing.LfsSampleRepo;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfers follow redirects but never carry the credentials to another origin, and check content as they stream. */
class LfsBatchClientTest {
  private static final String AUTH = "Basic c2VjcmV0";
  private static final byte[] CONTENT = "large file content\n".getBytes(StandardCharsets.UTF_8);
  private static final String OID = LfsSampleRepo.oid(CONTENT);

  @TempDir Path tmp;
  private Server server;
  private int port;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        seen.add(req.getServerName() + req.getRequestURI() + " auth=" + req.getHeader("Authorization"));
        switch (req.getRequestURI()) {
          case "/same" -> res.sendRedirect("http://127.0.0.1:" + port + "/data");
          case "/elsewhere" -> res.sendRedirect("http://localhost:" + port + "/data");
          case "/corrupt" -> res.getOutputStream().write("LARGE file content\n".getBytes(StandardCharsets.UTF_8));
          default -> res.getOutputStream().write(CONTENT);
        }
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void redirectToSameOrigin_keepsCredentials_redirectElsewhere_dropsThem() throws Exception {
    LfsBatchClient client = new LfsBatchClient(URI.create("http://127.0.0.1:" + port + "/repo.git/info/lfs"), AUTH);
    LfsObjectStore store = new LfsObjectStore(tmp.resolve("a"));
    client.download(new LfsBatchApi.Action("/same", null), OID, CONTENT.length, store);
    assertEquals(List.of("127.0.0.1/same auth=" + AUTH, "127.0.0.1/data auth=" + AUTH), seen);

    seen.clear();
    client.download(new LfsBatchApi.Action("/elsewhere", null), OID, CONTENT.length, new LfsObjectStore(tmp.resolve("b")));
    assertEquals(List.of("127.0.0.1/elsewhere auth=" + AUTH, "localhost/data auth=null"), seen);
    assertArrayEquals(CONTENT, Files.readAllBytes(store.path(OID)));
  }

  @Test
  void actionHeaders_replaceTheRepositoryCredentials() throws Exception {
    LfsBatchClient client = new LfsBatchClient(URI.create("http://127.0.0.1:" + port + "/lfs"), AUTH);
    client.download(new LfsBatchApi.Action("/data", Map.of("Authorization", "Bearer short-lived")), OID,
        CONTENT.length, new LfsObjectStore(tmp));
    assertEquals(List.of("127.0.0.1/data auth=Bearer short-lived"), seen);
  }

  @Test
  void hrefOnAnotherPort_getsNoRepositoryCredentials_onlyTheHeadersTheBatchAnswerGave() throws Exception {
    try (HeaderRecorder elsewhere = HeaderRecorder.start()) {
      LfsBatchClient client = new LfsBatchClient(URI.create("http://127.0.0.1:" + port + "/lfs"), AUTH);
      LfsObjectStore store = new LfsObjectStore(tmp);
      assertThrows(LfsHttpException.class, () -> client.download(
          new LfsBatchApi.Action(elsewhere.base() + "/objects/" + OID, null), OID, CONTENT.length, store));
      assertThrows(LfsHttpException.class, () -> client.download(
          new LfsBatchApi.Action(elsewhere.base() + "/objects/" + OID, Map.of("Authorization", "RemoteAuth from-server")),
          OID, CONTENT.length, store));
      assertEquals(2, elsewhere.requests().size(), elsewhere.requests().toString());
      assertEquals(List.of("RemoteAuth from-server"), elsewhere.authorizations(), "never the repository's " + AUTH);
    }
  }

  @Test
  void contentNotMatchingItsOid_isRejected_andNothingIsStored() {
    LfsBatchClient client = new LfsBatchClient(URI.create("http://127.0.0.1:" + port + "/lfs"), null);
    LfsObjectStore store = new LfsObjectStore(tmp);
    CorruptLfsObjectException e = assertThrows(CorruptLfsObjectException.class,
        () -> client.download(new LfsBatchApi.Action("/corrupt", null), OID, CONTENT.length, store));
    assertEquals(OID, e.oid());
    assertFalse(Files.exists(store.path(OID)));
    assertFalse(LfsHttpException.isRetryable(e));
  }
}
