package io.airgap.archiver.cli;

import io.airgap.archiver.internal.FileTrees;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stock Apache httpd (Debian's {@code apache2}, installed by {@code .ci/run}) with mod_dav on a
 * loopback port: its own config file in its own ServerRoot, every method behind basic auth (one
 * htpasswd user), the access log recording method, path, user and status. Run as root, httpd drops
 * to {@code nobody}, which then owns the served tree — as on a real server.
 */
final class ApacheHttpd implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/apache2");
  private static final String MODULES = "/usr/lib/apache2/modules/";

  private Process process;
  private final Path root;
  private final int port;

  private ApacheHttpd(Path root, int port) {
    this.root = root;
    this.port = port;
  }

  /** Starts httpd serving an empty WebDAV tree at {@code /repo/} (and below it), behind {@code user}/{@code password}. */
  static ApacheHttpd start(String user, String password) throws Exception {
    return start(user, password, false);
  }

  /**
   * As {@link #start(String, String)}; with {@code anonymousReads}, GET and HEAD need no credentials
   * (a repository developers read from without an account, e.g. a GOPROXY, since go sends credentials
   * over https only), and only writes are behind basic auth.
   */
  static ApacheHttpd start(String user, String password, boolean anonymousReads) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: .ci/run installs Debian's apache2");
    }
    Path root = Files.createTempDirectory("airgap-httpd-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path docs = Files.createDirectories(root.resolve("htdocs/repo"));
    Path run = Files.createDirectories(root.resolve("run"));
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    if (asRoot) {
      for (Path p : List.of(root.resolve("htdocs"), docs, run)) {
        own(p, "nobody", "nogroup");
      }
    }
    Files.writeString(root.resolve("htpasswd"), user + ":{SHA}" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8))) + "\n");
    Files.setPosixFilePermissions(root.resolve("htpasswd"), PosixFilePermissions.fromString("rw-r--r--"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    StringBuilder conf = new StringBuilder();
    conf.append("ServerRoot \"").append(root).append("\"\nServerName 127.0.0.1\nListen 127.0.0.1:").append(port)
        .append("\nPidFile \"").append(run.resolve("httpd.pid")).append("\"\nDefaultRuntimeDir \"").append(run)
        .append("\"\nMutex file:").append(run).append(" default\nErrorLog \"").append(root.resolve("error.log"))
        .append("\"\nLogLevel warn\n");
    for (String m : List.of("mpm_event", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic", "dav",
        "dav_fs", "dir", "mime")) {
      conf.append("LoadModule ").append(m).append("_module ").append(MODULES).append("mod_").append(m).append(".so\n");
    }
    if (asRoot) {
      conf.append("User nobody\nGroup nogroup\n");
    }
    conf.append("LogFormat \"%m %U %u %>s\" airgap\nCustomLog \"").append(root.resolve("access.log"))
        .append("\" airgap\nDocumentRoot \"").append(root.resolve("htdocs")).append("\"\nDirectoryIndex index.html\nTypesConfig /dev/null\nAddType text/html .html\nDavLockDB \"")
        .append(run.resolve("davlock")).append("\"\n<Directory \"").append(root.resolve("htdocs")).append("\">\n")
        .append("  Dav On\n  AuthType Basic\n  AuthName \"internal repository\"\n  AuthUserFile \"")
        .append(root.resolve("htpasswd")).append(anonymousReads
            ? "\"\n  <LimitExcept GET HEAD OPTIONS>\n    Require valid-user\n  </LimitExcept>\n</Directory>\n"
            : "\"\n  Require valid-user\n</Directory>\n");
    Path confFile = root.resolve("httpd.conf");
    Files.writeString(confFile, conf.toString());
    ApacheHttpd httpd = new ApacheHttpd(root, port);
    httpd.launch();
    return httpd;
  }

  /** Starts the server process (again) with the same config, tree and port. */
  void launch() throws Exception {
    Path confFile = root.resolve("httpd.conf");
    process = new ProcessBuilder(BINARY.toString(), "-f", confFile.toString(), "-DFOREGROUND")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("console.log").toFile()))
        .start();
    ApacheHttpd httpd = this;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          String log = Files.readString(root.resolve("console.log")) + readQuietly(root.resolve("error.log"));
          httpd.close();
          throw new IOException("httpd exited with " + process.exitValue() + ":\n" + log);
        }
        Thread.sleep(100);
      }
    }
    httpd.close();
    throw new IOException("httpd did not start listening on port " + port);
  }

  private static void own(Path p, String user, String group) throws IOException {
    UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(user));
    GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
    view.setGroup(g);
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code http://127.0.0.1:<port>/repo/}: the repository's base URL. */
  String url() {
    return "http://127.0.0.1:" + port + "/repo/";
  }

  /** The same server under the name {@code localhost}: another origin as credentials see it. */
  String otherOriginUrl() {
    return "http://localhost:" + port + "/repo/";
  }

  /** The served repository folder. */
  Path repo() {
    return root.resolve("htdocs/repo");
  }

  /** The access log: one {@code METHOD PATH USER STATUS} line per request. */
  List<String> accessLog() throws IOException {
    Path log = root.resolve("access.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Every file below the repository folder, relative, sorted. */
  List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(repo())) {
      return walk.filter(Files::isRegularFile).map(f -> repo().relativize(f).toString()).sorted().toList();
    }
  }

  /**
   * Stops the server at once, keeping its tree for {@link #launch}: SIGTERM, on which httpd kills its
   * children without finishing the requests in flight (a graceful stop would be SIGWINCH).
   */
  void kill() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        Thread.sleep(100);
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    FileTrees.deleteQuietly(root);
  }
}
