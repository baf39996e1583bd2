package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.HeaderRecorder;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source's credentials go only to the origins the operator named with them. Every URL below
 * comes from somewhere else — a {@code .gitmodules}, a forge's answer, {@code .lfsconfig}, a redirect —
 * and points at a real listener on another loopback port that asks for credentials and records what
 * it gets: it must never see the token, and the run must say that the token was withheld.
 */
class CredentialOriginTest {
  private static final String USER = "operator";
  private static final String TOKEN = "src-origin-t0ken-7d41c9";
  private static final String BASIC = Base64.getEncoder()
      .encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;
  private HeaderRecorder elsewhere;
  private GitHttpServer server;
  private ForgeFixture forge;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    elsewhere = HeaderRecorder.start();
    cli = new CliRunner(tmp).env("SOURCE_USERNAME", USER).env("SOURCE_TOKEN", TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    elsewhere.close();
    if (server != null) {
      server.close();
    }
    if (forge != null) {
      forge.close();
    }
  }

  /** The listener on the other port saw requests, and not one carried the token. */
  private void tokenNeverReached(HeaderRecorder recorder) {
    assertFalse(recorder.requests().isEmpty(), "the client never went there, so nothing was proven");
    for (String auth : recorder.authorizations()) {
      assertFalse(auth.contains(BASIC) || auth.contains(TOKEN), "the token reached " + recorder.base() + ": " + auth);
    }
  }

  private static void tokenNotPrinted(CliRunner.Run run) {
    assertFalse(run.all().contains(TOKEN) || run.all().contains(BASIC), run.all());
  }

  private String withheldFrom(HeaderRecorder recorder) {
    return "SOURCE_TOKEN was not sent to " + recorder.base();
  }

  /** A served superproject {@code app.git} whose {@code .gitmodules} names {@code lib} on the same server and {@code other} at {@code otherUrl}. */
  private Path servedSuperproject(String otherUrl) throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path lib = SampleRepos.simple(tmp.resolve("work/lib"));
    git(tmp, "clone", "-q", "--bare", lib.toString(), served.resolve("lib.git").toString());
    Path app = SampleRepos.simple(tmp.resolve("work/app"));
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toUri().toString(), "lib");
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toUri().toString(), "other");
    git(app, "add", ".gitmodules", "lib", "other");
    git(app, "commit", "-q", "-m", "two submodules");
    git(tmp, "clone", "-q", "--bare", app.toString(), served.resolve("app.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    Path edit = tmp.resolve("work/edit");
    git(tmp, "clone", "-q", served.resolve("app.git").toString(), edit.toString());
    git(edit, "config", "-f", ".gitmodules", "submodule.lib.url", server.url("lib.git"));
    git(edit, "config", "-f", ".gitmodules", "submodule.other.url", otherUrl);
    git(edit, "commit", "-q", "-am", "submodule URLs");
    git(edit, "push", "-q", "origin", "HEAD");
    return served;
  }

  private static List<String> archiveNames(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz"))
          .map(n -> n.replaceFirst("-full-.*", "")).sorted().toList();
    }
  }

  @Test
  void recurseSubmodules_submoduleOnAnotherPort_getsNoToken_theOneOnTheSourcesOriginDoes() throws Exception {
    servedSuperproject(elsewhere.base() + "/other.git");
    Path out = tmp.resolve("out");
    CliRunner.Run run = cli.run("create", "--source", server.url("app.git"), "--recurse-submodules",
        "--output", out.toString(), "--no-deps", "--no-lfs");
    assertEquals(1, run.exitCode(), "the submodule the other port refuses fails its row: " + run.all());
    tokenNeverReached(elsewhere);
    assertTrue(run.all().contains(withheldFrom(elsewhere)), run.all());
    assertTrue(run.all().contains("--credential-origin " + elsewhere.base()), "says how to allow it: " + run.all());
    assertEquals(List.of("app", "git-lib"), archiveNames(out), "lib, on the source's origin, was fetched with the token");
    tokenNotPrinted(run);
  }

  @Test
  void credentialOrigin_sendsTheTokenToAnOriginTheOperatorNamed() throws Exception {
    servedSuperproject(elsewhere.base() + "/other.git");
    CliRunner.Run run = cli.run("create", "--source", server.url("app.git"), "--recurse-submodules",
        "--output", tmp.resolve("out").toString(), "--no-deps", "--no-lfs", "--credential-origin", elsewhere.base());
    assertEquals(1, run.exitCode(), run.all());
    assertTrue(elsewhere.authorizations().contains("Basic " + BASIC), "allowed by name: " + elsewhere.requests());
    assertFalse(run.all().contains(withheldFrom(elsewhere)), run.all());
    tokenNotPrinted(run);
  }

  @Test
  void credentialOrigin_refusesAUrlCarryingASecret_exit2() {
    CliRunner.Run run = cli.run("create", "--source", tmp.toString(), "--credential-origin",
        "https://user:" + TOKEN + "@git.example.com");
    assertEquals(2, run.exitCode(), run.all());
    tokenNotPrinted(run);
  }

  @Test
  void discoveredCloneUrlOnAnotherOrigin_getsNoToken() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/svc"));
    forge = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), TOKEN);
    forge.add("team/svc", repo, null, "private");
    forge.cloneUrlsAt(elsewhere.base());
    CliRunner.Run run = cli.run("create", "--discover", "gitlab", "--api-url", forge.apiUrl(), "--group", "team",
        "--output", tmp.resolve("out").toString(), "--no-deps", "--no-lfs");
    assertEquals(1, run.exitCode(), "the clone URL refuses anonymous access: " + run.all());
    tokenNeverReached(elsewhere);
    assertTrue(run.all().contains(withheldFrom(elsewhere)), run.all());
    tokenNotPrinted(run);
  }

  @Test
  void lfsUrlFromLfsconfigOnAnotherPort_getsNoToken() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path work = SampleRepos.simple(tmp.resolve("work/lfs"));
    String oid = "a".repeat(64);
    SampleRepos.write(work, "big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 5\n");
    SampleRepos.write(work, ".lfsconfig", "[lfs]\n\turl = " + elsewhere.base() + "/info/lfs\n");
    git(work, "add", "big.bin", ".lfsconfig");
    git(work, "commit", "-q", "-m", "an LFS pointer, and an LFS server elsewhere");
    git(tmp, "clone", "-q", "--bare", work.toString(), served.resolve("lfs.git").toString());
    server = GitHttpServer.start(served, USER, TOKEN);
    CliRunner.Run run = cli.run("create", "--source", server.url("lfs.git"), "--output", tmp.resolve("out").toString(),
        "--no-deps");
    assertEquals(1, run.exitCode(), "the LFS server elsewhere refuses anonymous access: " + run.all());
    tokenNeverReached(elsewhere);
    assertTrue(run.all().contains(withheldFrom(elsewhere)), run.all());
    tokenNotPrinted(run);
  }

  @Test
  void redirectFromTheSourceToAnotherPort_carriesNoToken() throws Exception {
    try (HeaderRecorder source = HeaderRecorder.start().redirectAuthenticatedTo(elsewhere.base())) {
      CliRunner.Run run = cli.run("create", "--source", source.base() + "/repo.git", "--output",
          tmp.resolve("out").toString(), "--no-deps", "--no-lfs");
      assertEquals(1, run.exitCode(), run.all());
      assertTrue(source.authorizations().contains("Basic " + BASIC), "the source itself got the token: " + source.requests());
      tokenNeverReached(elsewhere);
      assertTrue(run.all().contains(withheldFrom(elsewhere)), run.all());
      tokenNotPrinted(run);
    }
  }

  @Test
  void mavenMirrorRedirectingElsewhere_doesNotHandOverTheRegistryToken() throws Exception {
    String registryToken = "deps-maven-t0ken-19ab";
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.sampleProject(src);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build");
    try (HeaderRecorder mirror = HeaderRecorder.start().redirectAuthenticatedTo(elsewhere.base())) {
      CliRunner.Run run = new CliRunner(tmp).env("DEPS_MAVEN_TOKEN", registryToken).run("create", "--source",
          src.toString(), "--output", tmp.resolve("out").toString(), "--no-lfs", "--maven-repo", mirror.base() + "/");
      assertEquals(1, run.exitCode(), "with a token, the mirror's redirect is not followed: " + run.all());
      assertTrue(run.all().contains("status code: 302"), run.all());
      assertTrue(mirror.authorizations().contains("Bearer " + registryToken), "the mirror got it: " + mirror.requests());
      assertFalse(elsewhere.authorizations().stream().anyMatch(a -> a.contains(registryToken)),
          "the token followed the redirect: " + elsewhere.requests());
      assertFalse(run.all().contains(registryToken), run.all());
    }
  }

  @Test
  void gitmodulesNamingLocalRepositories_areNotArchived_theSuperprojectIs() throws Exception {
    Path secret = SampleRepos.simple(tmp.resolve("srv/secret"));
    Path sibling = SampleRepos.simple(tmp.resolve("srv/sibling"));
    Path app = SampleRepos.simple(tmp.resolve("srv/app"));
    for (String name : List.of("a", "b", "c")) {
      git(app, "-c", "protocol.file.allow=always", "submodule", "add", "-q", secret.toUri().toString(), name);
    }
    git(app, "config", "-f", ".gitmodules", "submodule.a.url", secret.toString());
    git(app, "config", "-f", ".gitmodules", "submodule.b.url", "../sibling");
    git(app, "config", "-f", ".gitmodules", "submodule.c.url", "file://" + secret);
    git(app, "add", ".gitmodules", "a", "b", "c");
    git(app, "commit", "-q", "-m", "submodules on this machine");
    Path out = tmp.resolve("out");
    CliRunner.Run run = cli.run("create", "--source", app.toString(), "--recurse-submodules", "--output", out.toString(),
        "--no-deps", "--no-lfs").expect(0);
    assertEquals(List.of("app"), archiveNames(out), run.all());
    for (String refused : List.of(secret.toString(), sibling.toString(), "file://" + secret)) {
      assertTrue(run.all().contains("names the local repository '" + refused + "'"), refused + ": " + run.all());
    }
    tokenNotPrinted(run);
  }
}
