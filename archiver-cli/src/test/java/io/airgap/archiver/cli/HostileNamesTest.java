package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names from manifests and forges are data, not paths. A source name behind a valid signature (the
 * archive re-signed with the trusted key, as a compromised connected host would sign it) or a forge
 * path a compromised forge answers never becomes a folder, a repository or a push outside the place
 * the target template names. The forges are FIXTURES (testing/forge: each REST API written from the
 * forge's public documentation, in front of JGit's real smart-HTTP Git server).
 */
class HostileNamesTest {
  private static final String SOURCE_TOKEN = "src-tok-names-7e11a";
  private static final String TARGET_TOKEN = "tgt-tok-names-3b0c9";

  @TempDir static Path shared;
  private static Fixtures.Keys keys;
  private static HostileArchives victim;

  @TempDir Path tmp;
  private ForgeFixture source;
  private ForgeFixture target;

  @BeforeAll
  static void createGoodArchive() throws Exception {
    CliRunner cli = new CliRunner(shared);
    keys = Fixtures.Keys.generate(cli, shared.resolve("keys"));
    Path src = SampleRepos.simple(shared.resolve("src"));
    cli.run("create", "--source", src.toString(), "--name", "victim", "--output", shared.resolve("out").toString(),
        "--no-deps", "--sign-key", keys.secret().toString()).expect(0);
    victim = new HostileArchives(Fixtures.onlyArchive(shared.resolve("out")), keys.secret());
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (target != null) {
      target.close();
    }
  }

  private CliRunner cli() {
    return new CliRunner(tmp).env("SOURCE_TOKEN", SOURCE_TOKEN).env("TARGET_TOKEN", TARGET_TOKEN);
  }

  /** The good archive with {@code source.name} set to {@code name}, re-signed by the trusted key, written into {@code dir}. */
  private static void hostileArchive(Path dir, String file, String name) throws Exception {
    Files.createDirectories(dir);
    HostileArchives.write(dir.resolve(file), victim.withManifest(m -> ((ObjectNode) m.get("source")).put("name", name)));
  }

  /** No bare repository anywhere under {@code root}: nothing was created, inside the template's folder or out of it. */
  private static void assertNoRepositoryUnder(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> repos = all.filter(p -> Files.exists(p.resolve("HEAD")) || p.getFileName().toString().contains("escaped"))
          .toList();
      assertEquals(List.of(), repos, "a repository was created");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"..%2F..%2Fescaped", "victim#", "victim?x=1", "a%252e%252e", "x%00y", "%2e%2e",
      "x\u001b[2Jy", "x\u202ey", "victim@evil", "-victim", "..", "a b"})
  void fleetRestore_fileTemplate_hostileSourceNameBehindAValidSignature_exits3_andCreatesNothingAnywhere(String name)
      throws Exception {
    Path in = tmp.resolve("in");
    hostileArchive(in, "victim-full-20260101T000000Z.tar.gz", name);
    Path root = Files.createDirectories(tmp.resolve("a/b"));

    CliRunner.Run run = cli().run("restore", in.toString(), "--target-template",
        root.toUri() + "mirror/{name}.git", "--trust", keys.pub().toString()).expect(3);

    assertTrue(run.err().contains("manifest.json's source.name") && run.err().contains("is not a repository name"),
        run.err());
    assertTrue(run.err().contains("letters, digits"), "the message says what is allowed: " + run.err());
    assertTrue(run.err().contains("victim-full-20260101T000000Z.tar.gz"), "the message names the archive: " + run.err());
    assertFalse(run.err().chars().anyMatch(c -> c == 0x1b || c == 0x202e), "control characters are escaped: " + run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
    assertEquals(List.of(root), Fixtures.listAll(tmp.resolve("a")), "nothing beside the template's folder");
    assertEquals(List.of(), Fixtures.listAll(root), "nothing in the template's folder");
    assertNoRepositoryUnder(tmp);
  }

  @Test
  void fleetRestore_httpTemplate_namesThatDecodeToOneRepository_exit3_nothingCreatedOrPushed() throws Exception {
    Path in = tmp.resolve("in");
    hostileArchive(in, "one-full-20260101T000000Z.tar.gz", "victim#");
    hostileArchive(in, "two-full-20260101T000000Z.tar.gz", "victim?x=1");
    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("mirror");

    CliRunner.Run run = cli().run("restore", in.toString(), "--target-template",
        target.template().replace("{path}", "mirror/{name}"), "--create-repos", "gitea", "--api-url", target.apiUrl(),
        "--trust", keys.pub().toString()).expect(3);

    assertTrue(run.err().contains("\"victim#\"") || run.err().contains("\"victim?x=1\""), run.err());
    assertEquals(List.of(), target.writes(), "nothing created or pushed");
    assertFalse(target.exists("mirror/victim"));
  }

  @Test
  void fleetRestore_httpTemplate_encodedSlashesInTheName_exit3_nothingCreatedOrPushed() throws Exception {
    Path in = tmp.resolve("in");
    hostileArchive(in, "victim-full-20260101T000000Z.tar.gz", "..%2F..%2Fescaped");
    target = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), TARGET_TOKEN).group("mirror/deep");

    cli().run("restore", in.toString(), "--target-template", target.template().replace("{path}", "mirror/deep/{name}"),
        "--create-repos", "gitlab", "--api-url", target.apiUrl(), "--trust", keys.pub().toString()).expect(3);

    assertEquals(List.of(), target.writes(), "nothing created or pushed");
    assertNoRepositoryUnder(tmp);
  }

  @Test
  void syncDiscover_forgeAnsweringADotDotPath_exits1_andCreatesNothingOutsideTheTemplatesFolder() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/app"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    source.add("g/app", repo, null, "private").claims("g/app", "../../escaped-sync")
        .add("g/good", repo, null, "private");
    Path root = Files.createDirectories(tmp.resolve("a/b"));

    CliRunner.Run run = cli().run("sync", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "g",
        "--target-template", root.toUri() + "mirror/{path}.git").expect(1);

    assertTrue(run.err().contains("\"../../escaped-sync\"") && run.err().contains("is not a forge path"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
    assertEquals(List.of(root), Fixtures.listAll(tmp.resolve("a")), "nothing beside the template's folder");
    assertEquals(List.of(), Fixtures.listAll(root), "nothing synced once the forge answered a hostile path");
    assertFalse(Files.exists(tmp.resolve("a/escaped-sync.git")));
  }

  @Test
  void createDiscover_forgeAnsweringAHostilePath_exits1_andWritesNoArchive() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("work/app"));
    source = ForgeFixture.start(ForgeKind.GITHUB, tmp.resolve("github"), SOURCE_TOKEN);
    source.add("acme/app", repo, null, "private").claims("acme/app", "acme/app#x");
    Path out = tmp.resolve("out");

    CliRunner.Run run = cli().run("create", "--discover", "github", "--api-url", source.apiUrl(), "--group", "acme",
        "--output", out.toString(), "--no-deps", "--sign-key", keys.secret().toString()).expect(1);

    assertTrue(run.err().contains("\"acme/app#x\""), run.err());
    assertEquals(List.of(), Fixtures.listAll(out), "no archive carries the forge's path");
  }
}
