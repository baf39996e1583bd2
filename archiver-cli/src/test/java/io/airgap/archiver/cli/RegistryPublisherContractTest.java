package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.DependencyPublisher;
import io.airgap.archiver.publish.PublishReport;
import io.airgap.archiver.publish.PublishTarget;
import io.airgap.archiver.publish.PublishedFile.Outcome;
import io.airgap.archiver.publish.Publishers;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, every {@code RegistryPublisher}: run against its real server on loopback (Maven:
 * stock httpd with mod_dav; npm: Verdaccio without uplinks; Go: httpd again), through core's API with a vendored
 * {@code dependencies/} folder built here. Publish writes each file or version once; a second run
 * and a dry run write nothing; a registry that is down is a named failure after retries, never
 * showing the credential; a redirect is not followed, so the credential never reaches another origin.
 */
class RegistryPublisherContractTest {
  private static final String USER = "publisher";
  private static final String SECRET = "s3cret-contract-pass";

  @TempDir Path tmp;

  /** One publisher's real server and a dependencies folder of {@code expected} files or versions for it. */
  interface Backend extends AutoCloseable {
    String ecosystem();

    String url();

    Map<String, String> env();

    int expected();

    @Override
    void close() throws Exception;
  }

  static Stream<String> ecosystems() {
    assertEquals(List.of("maven", "npm", "go", "python-dir"), Publishers.keys(), "every publisher has a backend here");
    return Stream.of("maven", "npm", "go", "python-dir");
  }

  private Backend start(String ecosystem, Path deps) throws Exception {
    if (ecosystem.equals("maven")) {
      // two versions of one artifact, one of another: 6 files and 2 metadata documents
      Random random = new Random(31);
      for (String gav : List.of("com/example/one/1.0", "com/example/one/1.1", "org/example/two/2.0.0")) {
        String[] s = gav.split("/");
        String base = s[s.length - 2] + "-" + s[s.length - 1];
        Path dir = Files.createDirectories(deps.resolve("maven").resolve(gav));
        byte[] jar = new byte[4096];
        random.nextBytes(jar);
        Files.write(dir.resolve(base + ".jar"), jar);
        Files.writeString(dir.resolve(base + ".pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>"
            + String.join(".", List.of(s).subList(0, s.length - 2)) + "</groupId><artifactId>" + s[s.length - 2]
            + "</artifactId><version>" + s[s.length - 1] + "</version></project>\n");
        Files.writeString(dir.resolve("_remote.repositories"), "not published\n");
      }
      ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET);
      return new Backend() {
        public String ecosystem() { return "maven"; }
        public String url() { return httpd.url(); }
        public Map<String, String> env() { return Map.of("PUBLISH_MAVEN_USERNAME", USER, "PUBLISH_MAVEN_PASSWORD", SECRET); }
        public int expected() { return 8; }
        public void close() throws Exception { httpd.close(); }
      };
    }
    if (ecosystem.equals("python-dir")) {
      wheelhouse(deps);
      ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET, true);
      return new Backend() {
        public String ecosystem() { return "python-dir"; }
        public String url() { return httpd.url(); }
        public Map<String, String> env() {
          return Map.of("PUBLISH_PYTHON_DIR_USERNAME", USER, "PUBLISH_PYTHON_DIR_PASSWORD", SECRET);
        }
        public int expected() { return 3 + 2 + 1; }
        public void close() throws Exception { httpd.close(); }
      };
    }
    if (ecosystem.equals("go")) {
      // three module versions (3 files each) and two @v/list files
      GoFixtures.module(deps.resolve("go"), "example.com/tiny/b", "v0.1.0", "module example.com/tiny/b\n",
          Map.of("b.go", "package b\n"));
      GoFixtures.module(deps.resolve("go"), "example.com/tiny/b", "v0.2.0", "module example.com/tiny/b\n",
          Map.of("b.go", "package b\n\n// v0.2.0\n"));
      GoFixtures.module(deps.resolve("go"), "example.com/tiny/Caps", "v1.0.0", "module example.com/tiny/Caps\n",
          Map.of("caps.go", "package caps\n"));
      ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET);
      return new Backend() {
        public String ecosystem() { return "go"; }
        public String url() { return httpd.url(); }
        public Map<String, String> env() { return Map.of("PUBLISH_GO_USERNAME", USER, "PUBLISH_GO_PASSWORD", SECRET); }
        public int expected() { return 11; }
        public void close() throws Exception { httpd.close(); }
      };
    }
    NpmFixtures.pack(tmp, deps.resolve("npm"), "@s/tiny-b", "2.0.1", Map.of());
    NpmFixtures.pack(tmp, deps.resolve("npm"), "@s/tiny-b", "2.1.0", Map.of());
    NpmFixtures.pack(tmp, deps.resolve("npm"), "tiny-a", "1.0.0", Map.of("@s/tiny-b", "^2.0.0"));
    Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, SECRET);
    String token = verdaccio.login(USER, SECRET);
    return new Backend() {
      public String ecosystem() { return "npm"; }
      public String url() { return verdaccio.url(); }
      public Map<String, String> env() { return Map.of("PUBLISH_NPM_TOKEN", token); }
      public int expected() { return 3; }
      public void close() throws Exception { verdaccio.close(); }
    };
  }

  /** {@code deps/python}: three wheels of two projects, as the archive's wheelhouse holds them. */
  static void wheelhouse(Path deps) throws Exception {
    Path made = deps.resolve("made");
    PythonFixtures.wheel(made, "tinypy-a", "1.0.0", "py3-none-any");
    PythonFixtures.wheel(made, "TinyPy_B", "2.0", "py3-none-any");
    PythonFixtures.wheel(made, "TinyPy_B", "1.9", "py3-none-any");
    Files.move(made.resolve("files"), deps.resolve("python"));
  }

  @org.junit.jupiter.api.Test
  void pythonDir_stockPipInstallsFromTheSimpleIndexOnHttpd() throws Exception {
    Path deps = tmp.resolve("deps");
    wheelhouse(deps);
    try (ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET, true)) {
      PublishTarget target = PublishTarget.parse("python-dir=" + httpd.url(), Publishers.keys(),
          Map.of("PUBLISH_PYTHON_DIR_USERNAME", USER, "PUBLISH_PYTHON_DIR_PASSWORD", SECRET));
      PublishReport report = new DependencyPublisher(List.of(target), new Retry(3, 10), ProgressListener.NONE)
          .publish(deps, false);
      assertEquals(6, report.count(Outcome.PUBLISHED), report.toString());
      Path site = tmp.resolve("site");
      Tools.run(tmp, tmp.resolve("home"), Map.of(), "python3", "-m", "pip", "install", "--no-cache-dir",
          "--index-url", httpd.url(), "--target", site.toString(), "tinypy-a==1.0.0", "tinypy-b")
          .expectSuccess("pip install --index-url httpd");
      Tools.Result imported = Tools.run(tmp, tmp.resolve("home"), Map.of("PYTHONPATH", site.toString()), "python3", "-c",
          "import tinypy_a, TinyPy_B; print(tinypy_a.VERSION, TinyPy_B.VERSION)").expectSuccess("import");
      assertEquals("1.0.0 2.0", imported.output().strip(), "pip chose the newest version the index lists");
    }
  }

  private static PublishReport publish(Backend b, String url, Path deps, boolean dryRun, List<String> messages)
      throws Exception {
    PublishTarget target = PublishTarget.parse(b.ecosystem() + "=" + url, Publishers.keys(), b.env());
    ProgressListener progress = event -> messages.add(String.valueOf(event));
    return new DependencyPublisher(List.of(target), new Retry(3, 10), progress).publish(deps, dryRun);
  }

  @ParameterizedTest
  @MethodSource("ecosystems")
  void dryRunWritesNothing_publishWritesEachOnce_andARerunWritesNothing(String ecosystem) throws Exception {
    Path deps = tmp.resolve("deps");
    try (Backend b = start(ecosystem, deps)) {
      List<String> messages = new CopyOnWriteArrayList<>();
      PublishReport dry = publish(b, b.url(), deps, true, messages);
      assertEquals(b.expected(), dry.count(Outcome.WOULD_PUBLISH), dry.toString());
      PublishReport again = publish(b, b.url(), deps, true, messages);
      assertEquals(b.expected(), again.count(Outcome.WOULD_PUBLISH), "the dry run wrote nothing: " + again);

      PublishReport first = publish(b, b.url(), deps, false, messages);
      assertEquals(b.expected(), first.count(Outcome.PUBLISHED), first.toString());
      assertEquals(List.of(), first.conflicts());
      PublishReport second = publish(b, b.url(), deps, false, messages);
      assertEquals(0, second.count(Outcome.PUBLISHED), second.toString());
      assertEquals(b.expected(), second.count(Outcome.ALREADY_PRESENT), second.toString());
      assertFalse(String.join("\n", messages).contains(SECRET) || String.join("\n", messages).contains(b.env().values()
          .iterator().next()), "no credential in progress");
    }
  }

  @ParameterizedTest
  @MethodSource("ecosystems")
  void registryDown_isANamedFailureAfterRetries_withoutTheCredential(String ecosystem) throws Exception {
    Path deps = tmp.resolve("deps");
    String url;
    try (Backend b = start(ecosystem, deps)) {
      url = b.url();
      b.close();
      List<String> messages = new CopyOnWriteArrayList<>();
      OperationFailedException e = assertThrows(OperationFailedException.class,
          () -> publish(b, url, deps, false, messages));
      assertTrue(e.getMessage().contains(url.substring(0, url.length() - 1)), e.getMessage());
      assertTrue(messages.stream().anyMatch(m -> m.contains("retry 2/2")), "retried: " + messages);
      assertFalse((e.getMessage() + messages).contains(SECRET));
    }
  }

  @ParameterizedTest
  @MethodSource("ecosystems")
  void redirectToAnotherOrigin_isNotFollowed_andTheCredentialNeverReachesIt(String ecosystem) throws Exception {
    Path deps = tmp.resolve("deps");
    List<String> elsewhere = new CopyOnWriteArrayList<>();
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", x -> {
      elsewhere.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Authorization"));
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> seen = new ArrayList<>();
    redirecting.createContext("/", x -> {
      seen.add(x.getRequestHeaders().getFirst("Authorization"));
      x.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + x.getRequestURI());
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    other.start();
    redirecting.start();
    try (Backend b = start(ecosystem, deps)) {
      String url = "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/registry/";
      OperationFailedException e = assertThrows(OperationFailedException.class,
          () -> publish(b, url, deps, false, new ArrayList<>()));
      assertTrue(e.getMessage().contains("redirects are not followed"), e.getMessage());
      assertEquals(List.of(), elsewhere, "nothing reached the other origin");
      assertFalse(seen.isEmpty() || seen.contains(null), "the registry's own origin got the credential: " + seen);
    } finally {
      redirecting.stop(0);
      other.stop(0);
    }
  }

  @org.junit.jupiter.api.Test
  void maven_serverKilledMidPublish_leavesNoPartialFile_andTheRerunEndsCompleteAndExact() throws Exception {
    Path deps = tmp.resolve("deps");
    Random random = new Random(7);
    List<String> jars = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String gav = "com/example/many/lib" + i + "/1." + i;
      Path dir = Files.createDirectories(deps.resolve("maven").resolve(gav));
      byte[] jar = new byte[256 << 10];
      random.nextBytes(jar);
      Files.write(dir.resolve("lib" + i + "-1." + i + ".jar"), jar);
      Files.writeString(dir.resolve("lib" + i + "-1." + i + ".pom"), "<project/>\n");
      jars.add(gav + "/lib" + i + "-1." + i + ".jar");
    }
    try (ApacheHttpd httpd = ApacheHttpd.start(USER, SECRET)) {
      Map<String, String> env = Map.of("PUBLISH_MAVEN_USERNAME", USER, "PUBLISH_MAVEN_PASSWORD", SECRET);
      PublishTarget target = PublishTarget.parse("maven=" + httpd.url(), Publishers.keys(), env);
      java.util.concurrent.CompletableFuture<PublishReport> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return new DependencyPublisher(List.of(target), new Retry(2, 10), ProgressListener.NONE).publish(deps, false);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (httpd.accessLog().stream().filter(l -> l.startsWith("PUT ")).count() < 40 && System.nanoTime() < deadline
          && !run.isDone()) {
        Thread.sleep(5);
      }
      httpd.kill();
      java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
          run::get, "the publish was cut off halfway");
      assertTrue(failed.getCause() instanceof OperationFailedException, String.valueOf(failed.getCause()));
      List<String> partial = httpd.files();
      assertTrue(partial.size() > 10 && partial.size() < 30 * 10, "killed halfway: " + partial.size() + " files");
      for (String f : partial) {
        Path local = deps.resolve("maven").resolve(f);
        if (Files.exists(local)) {
          assertEquals(Files.size(local), Files.size(httpd.repo().resolve(f)), "no half-written file visible: " + f);
        }
      }

      httpd.launch();
      PublishReport rerun = new DependencyPublisher(List.of(target), new Retry(2, 10), ProgressListener.NONE)
          .publish(deps, false);
      assertEquals(List.of(), rerun.conflicts());
      assertEquals(30 * 2 + 30, rerun.count(Outcome.PUBLISHED) + rerun.count(Outcome.ALREADY_PRESENT), rerun.toString());
      for (String jar : jars) {
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(deps.resolve("maven").resolve(jar)),
            Files.readAllBytes(httpd.repo().resolve(jar))), jar);
        for (String sum : List.of(".md5", ".sha1", ".sha256", ".sha512")) {
          assertTrue(Files.isRegularFile(httpd.repo().resolve(jar + sum)), jar + sum);
        }
        String metadata = Files.readString(httpd.repo().resolve(jar.substring(0, jar.lastIndexOf('/', jar.lastIndexOf('/') - 1))
            + "/maven-metadata.xml"));
        assertTrue(metadata.contains("<version>"), metadata);
      }
      PublishReport third = new DependencyPublisher(List.of(target), new Retry(2, 10), ProgressListener.NONE)
          .publish(deps, false);
      assertEquals(0, third.count(Outcome.PUBLISHED), "exact: nothing left to do");
    }
  }

  @org.junit.jupiter.api.Test
  void npm_anOlderVersionPublishedAfterANewerOne_keepsLatestOnTheNewer() throws Exception {
    Path deps = tmp.resolve("deps");
    NpmFixtures.pack(tmp, deps.resolve("npm"), "@s/tiny-b", "2.1.0", Map.of());
    try (Verdaccio verdaccio = Verdaccio.start(tmp.resolve("verdaccio"), USER, SECRET)) {
      String token = verdaccio.login(USER, SECRET);
      PublishTarget target = PublishTarget.parse("npm=" + verdaccio.url(), Publishers.keys(),
          Map.of("PUBLISH_NPM_TOKEN", token));
      assertEquals(1, new DependencyPublisher(List.of(target), new Retry(3, 10), ProgressListener.NONE)
          .publish(deps, false).count(Outcome.PUBLISHED));
      NpmFixtures.pack(tmp.resolve("older"), deps.resolve("npm"), "@s/tiny-b", "2.0.1", Map.of());
      PublishReport report = new DependencyPublisher(List.of(target), new Retry(3, 10), ProgressListener.NONE)
          .publish(deps, false);
      assertEquals(1, report.count(Outcome.PUBLISHED), report.toString());
      assertEquals(1, report.count(Outcome.ALREADY_PRESENT), report.toString());
      com.fasterxml.jackson.databind.JsonNode doc = verdaccio.document("@s/tiny-b", token);
      assertEquals("2.1.0", doc.path("dist-tags").path("latest").asText(), doc.toString());
      assertTrue(doc.path("versions").has("2.0.1"), doc.toString());
    }
  }
}
