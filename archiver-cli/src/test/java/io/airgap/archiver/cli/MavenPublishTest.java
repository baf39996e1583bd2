package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish-deps maven=URL} against stock Apache httpd with mod_dav on loopback (basic auth),
 * proven with stock {@code mvn package} whose only repository is that server, with an empty local
 * repository: then a second publish changes nothing, and a file the server holds with other
 * content is a conflict (exit 4) that overwrites nothing.
 */
class MavenPublishTest {
  private static final String DEPS_SECRET = "s3cret-maven-pass";
  private static final String PUBLISH_USER = "publisher";
  private static final String PUBLISH_SECRET = "s3cret-publish-pass";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp).env("DEPS_MAVEN_USERNAME", "ci").env("DEPS_MAVEN_PASSWORD", DEPS_SECRET)
        .env("PUBLISH_MAVEN_USERNAME", PUBLISH_USER).env("PUBLISH_MAVEN_PASSWORD", PUBLISH_SECRET);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  /** An archive of the sample multi-module build with its Maven dependencies vendored. */
  private Path mavenArchive() throws Exception {
    Path repo = tmp.resolve("served");
    MavenFixtures.corpParent(repo);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    MavenFixtures.sampleProject(src);
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "maven build");
    try (RegistryServer server = RegistryServer.serve(repo).withMavenFallback(MavenFixtures.localRepository())
        .requireBasicAuth("ci", DEPS_SECRET)) {
      cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(), "--sign-key",
          keys.secret().toString(), "--maven-repo", server.url()).expect(0);
    }
    return Fixtures.onlyArchive(tmp.resolve("out"));
  }

  private CliRunner.Run publish(Path archive, String url, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("publish-deps", archive.toString(), "maven=" + url,
        "--trust", keys.pub().toString(), "--json"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static long count(CliRunner.Run run, String outcome) throws Exception {
    JsonNode doc = Json.mapper().readTree(run.out());
    return doc.path("published").path("counts").path(outcome).asLong(-1);
  }

  @Test
  void publishDeps_putsArtifactsChecksumsAndMetadata_stockMvnBuildsFromHttpdAlone_rerunChangesNothing()
      throws Exception {
    Path archive = mavenArchive();
    try (ApacheHttpd httpd = ApacheHttpd.start(PUBLISH_USER, PUBLISH_SECRET)) {
      CliRunner.Run dry = publish(archive, httpd.url(), "--dry-run").expect(0);
      assertTrue(count(dry, "would_publish") > 20, dry.out());
      assertEquals(List.of(), httpd.files(), "a dry run writes nothing");

      CliRunner.Run first = publish(archive, httpd.url()).expect(0);
      assertFalse(first.all().contains(PUBLISH_SECRET) || first.all().contains(DEPS_SECRET), first.all());
      assertEquals(0, count(first, "conflict"), first.out());
      assertTrue(count(first, "published") > 20, first.out());
      Path repo = httpd.repo();
      String jar = "com/fasterxml/jackson/core/jackson-databind/2.21.0/jackson-databind-2.21.0.jar";
      byte[] bytes = Files.readAllBytes(repo.resolve(jar));
      assertEquals(Hex.encode(MessageDigest.getInstance("SHA-1").digest(bytes)), Files.readString(repo.resolve(jar + ".sha1")));
      assertEquals(Hex.encode(MessageDigest.getInstance("MD5").digest(bytes)), Files.readString(repo.resolve(jar + ".md5")));
      assertEquals(Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes)), Files.readString(repo.resolve(jar + ".sha256")));
      assertTrue(Files.isRegularFile(repo.resolve(jar + ".sha512")));
      String metadata = Files.readString(repo.resolve("com/fasterxml/jackson/core/jackson-databind/maven-metadata.xml"));
      assertTrue(metadata.contains("<groupId>com.fasterxml.jackson.core</groupId>")
          && metadata.contains("<version>2.21.0</version>") && metadata.contains("<release>2.21.0</release>"), metadata);
      List<String> log = httpd.accessLog();
      assertTrue(log.stream().anyMatch(l -> l.startsWith("MKCOL ")), "parent collections made after 409: " + log.size());
      assertTrue(log.stream().allMatch(l -> l.contains(" " + PUBLISH_USER + " ")),
          "every request carried the publish credentials: " + log.stream().filter(l -> !l.contains(PUBLISH_USER)).toList());

      // stock mvn, an empty local repository, the server as the only repository
      Path x = Files.createDirectories(tmp.resolve("x"));
      assertEquals(0, Fixtures.exec(x, "tar", "xzf", archive.toString()).exitCode());
      Path app = tmp.resolve("app");
      git(tmp, "clone", "-q", x.resolve("repo.bundle").toString(), app.toString());
      Path home = tmp.resolve("home");
      Path settings = tmp.resolve("settings.xml");
      Files.writeString(settings, "<settings>\n  <localRepository>" + tmp.resolve("m2-empty") + "</localRepository>\n"
          + "  <mirrors><mirror><id>internal</id><mirrorOf>*</mirrorOf><url>" + httpd.url() + "</url></mirror></mirrors>\n"
          + "  <servers><server><id>internal</id><username>" + PUBLISH_USER + "</username><password>" + PUBLISH_SECRET
          + "</password></server></servers>\n</settings>\n");
      int before = httpd.accessLog().size();
      Tools.Result mvn = Tools.run(app, home, Map.of("MAVEN_OPTS", "-Duser.home=" + home), "mvn", "-B", "-s",
          settings.toString(), "package").expectSuccess("mvn package from the internal repository");
      assertTrue(mvn.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), mvn.output());
      assertTrue(Files.isRegularFile(app.resolve("app/target/app-1.0.0.jar")));
      assertTrue(httpd.accessLog().size() > before, "mvn downloaded from httpd");

      // the second publish: exit 0, nothing written
      int logged = httpd.accessLog().size();
      CliRunner.Run second = publish(archive, httpd.url()).expect(0);
      assertEquals(0, count(second, "published"), second.out());
      assertEquals(count(first, "published"), count(second, "already_present"), second.out());
      assertTrue(httpd.accessLog().subList(logged, httpd.accessLog().size()).stream()
          .noneMatch(l -> l.startsWith("PUT ") || l.startsWith("MKCOL ")), "the re-run wrote nothing");
      assertEquals(metadata, Files.readString(repo.resolve("com/fasterxml/jackson/core/jackson-databind/maven-metadata.xml")));
    }
  }

  @Test
  void fileOnServerWithOtherContent_isAConflict_exit4_namedAndNothingOverwritten_versionHeldBack() throws Exception {
    Path archive = mavenArchive();
    try (ApacheHttpd httpd = ApacheHttpd.start(PUBLISH_USER, PUBLISH_SECRET)) {
      publish(archive, httpd.url()).expect(0);
      Path repo = httpd.repo();
      String dir = "org/slf4j/slf4j-api/2.0.17/";
      Files.writeString(repo.resolve(dir + "slf4j-api-2.0.17.jar"), "another build of slf4j-api");
      Files.delete(repo.resolve(dir + "slf4j-api-2.0.17.jar.sha1"));
      Files.delete(repo.resolve(dir + "slf4j-api-2.0.17.pom"));
      Files.delete(repo.resolve(dir + "slf4j-api-2.0.17.pom.sha1"));
      int logged = httpd.accessLog().size();

      CliRunner.Run run = cli.run("publish-deps", archive.toString(), "maven=" + httpd.url(), "--trust",
          keys.pub().toString());
      run.expect(4);
      assertTrue(run.out().contains("conflict maven " + dir + "slf4j-api-2.0.17.jar"), run.out());
      assertTrue(run.out().contains("held-back maven " + dir + "slf4j-api-2.0.17.pom"), run.out());
      assertEquals("another build of slf4j-api", Files.readString(repo.resolve(dir + "slf4j-api-2.0.17.jar")));
      assertFalse(Files.exists(repo.resolve(dir + "slf4j-api-2.0.17.pom")), "the version is held back whole");
      assertTrue(httpd.accessLog().subList(logged, httpd.accessLog().size()).stream()
          .noneMatch(l -> l.startsWith("PUT ")), "nothing written: " + httpd.accessLog().subList(logged, httpd.accessLog().size()));

      CliRunner.Run json = publish(archive, httpd.url()).expect(4);
      JsonNode doc = Json.mapper().readTree(json.out());
      assertEquals(1, doc.path("published").path("counts").path("conflict").asInt(), json.out());
    }
  }
}
