package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --discover}: a GitLab group synced into a Gitea organization, the missing repositories
 * created through its API. Both forges are FIXTURES (testing/forge: each API written from the forge's
 * public documentation, in front of JGit's real smart-HTTP Git server); refs are compared with C git.
 */
class SyncGroupTest {
  private static final String SOURCE_TOKEN = "src-tok-sync-51c0ffee";
  private static final String TARGET_TOKEN = "tgt-tok-sync-9d00dead";
  private static final List<String> PATHS = List.of("backend/api", "backend/sub/worker", "backend/web");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ForgeFixture source;
  private ForgeFixture target;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    Path app = SampleRepos.simple(tmp.resolve("work/app"));
    git(app, "tag", "v1");
    git(app, "checkout", "-q", "-b", "develop");
    SampleRepos.commit(app, "dev.txt", "dev\n", "on develop");
    Path lib = SampleRepos.simple(tmp.resolve("work/lib"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN).maxPerPage(2);
    source.add("backend/api", app, "the API", "private")
        .add("backend/sub/worker", lib, "jobs", "public")
        .add("backend/web", lib, null, "private")
        .add("frontend/site", lib, null, "public");
    target = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("gitea"), TARGET_TOKEN).group("mirror");
    cli = new CliRunner(tmp).env("SOURCE_TOKEN", SOURCE_TOKEN).env("TARGET_TOKEN", TARGET_TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    target.close();
  }

  private CliRunner.Run sync(String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--discover", "gitlab", "--api-url", source.apiUrl(),
        "--group", "backend", "--target-template", target.template().replace("{path}", "mirror/{name}"),
        "--create-repos", "gitea", "--target-api-url", target.apiUrl(), "--json"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  private static String name(String path) {
    return "mirror/" + path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code git ls-remote} of a bare repository: every ref and its object. */
  private static String lsRemote(Path repo) {
    return git(repo.getParent(), "ls-remote", repo.toString());
  }

  /** Every ref but HEAD (a local target's HEAD is its own, as {@code git init} made it). */
  private static String withoutHead(String lsRemote) {
    return lsRemote.lines().filter(l -> !l.endsWith("\tHEAD")).collect(java.util.stream.Collectors.joining("\n"));
  }

  private static Map<String, JsonNode> rows(CliRunner.Run run) throws Exception {
    Map<String, JsonNode> rows = new TreeMap<>();
    JSON.readTree(run.out()).get("repositories").forEach(r -> rows.put(r.get("path").asText(), r));
    return rows;
  }

  @Test
  void groupOfThree_dryRunNamesWhatItWouldCreate_firstSyncCreatesAllWithExactRefs_secondSyncIsANoOp()
      throws Exception {
    Map<String, JsonNode> planned = rows(sync("--dry-run").expect(0));
    assertEquals(PATHS, List.copyOf(planned.keySet()), "frontend/site is not in the group");
    planned.values().forEach(r -> assertTrue(r.get("would_create").asBoolean(), r.toString()));
    assertEquals(List.of(), target.writes(), "a dry run creates and pushes nothing");
    PATHS.forEach(p -> assertFalse(target.exists(name(p)), p));

    CliRunner.Run first = sync().expect(0);
    Map<String, JsonNode> made = rows(first);
    for (String path : PATHS) {
      assertTrue(made.get(path).get("created").asBoolean(), first.out());
      assertEquals("ok", made.get(path).get("status").asText(), first.out());
      assertTrue(target.exists(name(path)), name(path));
      assertEquals(lsRemote(source.repository(path)), lsRemote(target.repository(name(path))), path);
      assertEquals("public".equals(source.visibility(path)) ? "public" : "private", target.visibility(name(path)));
      assertEquals(source.description(path), target.description(name(path)));
      assertEquals(source.defaultBranchOf(path), target.defaultBranchOf(name(path)), path);
    }
    assertEquals("develop", target.defaultBranchOf("mirror/api"), "the source's default branch, not the forge's main");
    assertFalse(first.all().contains(SOURCE_TOKEN) || first.all().contains(TARGET_TOKEN), "a token leaked");

    target.clearRequests();
    CliRunner.Run second = sync().expect(0);
    assertEquals(List.of(), target.writes(), "a second sync creates, pushes and changes nothing");
    rows(second).values().forEach(r -> {
      assertFalse(r.get("created").asBoolean(), r.toString());
      assertEquals(0, r.get("pushed").asInt(), r.toString());
    });
    String human = cli.run("sync", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--target-template", target.template().replace("{path}", "mirror/{name}")).expect(0).out();
    assertTrue(human.contains("3 of 3 repositories of backend synced"), human);
  }

  @Test
  void oneBrokenTarget_theOthersAreSynced_andTheRunExits1NamingIt() throws Exception {
    // mirror/api (synced first) exists on the target forge, but its object store is gone: the server fails
    target.add("mirror/api", SampleRepos.simple(tmp.resolve("work/old")), null, "private");
    Path objects = target.repository("mirror/api").resolve("objects");
    io.airgap.archiver.internal.FileTrees.deleteQuietly(objects);
    Files.writeString(objects, "not a directory");

    CliRunner.Run run = sync().expect(1);
    Map<String, JsonNode> rows = rows(run);
    assertEquals(PATHS.get(0), JSON.readTree(run.out()).get("repositories").get(0).get("path").asText(),
        "the broken one is synced first, so the others run after a failure");
    assertEquals("failed", rows.get("backend/api").get("status").asText(), run.out());
    assertTrue(rows.get("backend/api").get("error").asText().contains("mirror/api.git"), run.out());
    for (String path : List.of("backend/sub/worker", "backend/web")) {
      assertEquals("ok", rows.get(path).get("status").asText(), run.out());
      assertEquals(lsRemote(source.repository(path)), lsRemote(target.repository(name(path))), path);
    }
    assertFalse(run.err().contains("\tat "), "no stack trace");
  }

  @Test
  void aRepositoryBreakingThePolicy_exits5_andItsTargetIsNotEvenCreated_theOthersAre() throws Exception {
    Path leaky = SampleRepos.simple(tmp.resolve("work/leaky"));
    SampleRepos.commit(leaky, "config/settings.env", "aws_access_key_id = " + ContentPolicyTest.AWS_KEY + "\n", "key");
    source.add("backend/leaky", leaky, null, "private");
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n");

    CliRunner.Run run = sync("--policy", policy.toString()).expect(5);
    Map<String, JsonNode> rows = rows(run);
    assertEquals("policy", rows.get("backend/leaky").get("status").asText(), run.out());
    assertTrue(rows.get("backend/leaky").get("findings").get(0).asText()
        .startsWith("secret/aws-access-key-id at config/settings.env"), run.out());
    assertFalse(target.exists("mirror/leaky"), "a target is created only once the policy passed");
    PATHS.forEach(p -> assertEquals(lsRemote(source.repository(p)), lsRemote(target.repository(name(p))), p));
    assertFalse(run.all().contains(ContentPolicyTest.AWS_KEY), "the key's value is never shown");
  }

  @Test
  void parallel_syncsTheGroupAtOnce_reportInTheGroupsOrder_aFailureStopsNoOther() throws Exception {
    source.add("backend/broken", SampleRepos.simple(tmp.resolve("work/broken")), null, "private");
    Path targets = Files.createDirectories(tmp.resolve("targets"));
    Files.writeString(targets.resolve("broken.git"), "not a repository"); // its sync fails
    // Each good target's pre-receive waits until all three pushes have reached their hooks: only pushes running at
    // the same time pass it (a lone one gives up after 20 s and refuses).
    Path barrier = Files.createDirectories(tmp.resolve("barrier"));
    for (String name : List.of("api", "worker", "web")) {
      Path repo = targets.resolve(name + ".git");
      git(tmp, "init", "-q", "--bare", repo.toString());
      Path hook = repo.resolve("hooks/pre-receive");
      Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\ntouch '" + barrier + "/" + name + "'\ni=0\n"
          + "while [ \"$(ls '" + barrier + "' | wc -l)\" -lt 3 ]; do\n"
          + "  i=$((i+1)); if [ $i -gt 200 ]; then echo 'barrier: alone' >&2; exit 1; fi; sleep 0.1\ndone\n");
      Files.setPosixFilePermissions(hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String template = "file://" + targets + "/{name}.git";
    List<String> base = List.of("sync", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--target-template", template, "--json");
    List<String> order = new ArrayList<>();
    List<String> dry = new ArrayList<>(base);
    dry.add("--dry-run");
    JSON.readTree(cli.run(dry.toArray(String[]::new)).out()).get("repositories")
        .forEach(r -> order.add(r.get("path").asText()));
    assertEquals(4, order.size(), order::toString);

    List<String> args = new ArrayList<>(base);
    args.addAll(List.of("--parallel", "4"));
    CliRunner.Run run = cli.run(args.toArray(String[]::new)).expect(1);
    List<String> reported = new ArrayList<>();
    JSON.readTree(run.out()).get("repositories").forEach(r -> reported.add(r.get("path").asText()));
    assertEquals(order, reported, "the report keeps the group's order");
    Map<String, JsonNode> rows = rows(run);
    assertEquals("failed", rows.get("backend/broken").get("status").asText(), run.out());
    for (String path : PATHS) {
      assertEquals("ok", rows.get(path).get("status").asText(), run.all());
      String name = path.substring(path.lastIndexOf('/') + 1);
      assertEquals(withoutHead(lsRemote(source.repository(path))), withoutHead(lsRemote(targets.resolve(name + ".git"))),
          path);
    }
    assertTrue(Files.exists(barrier.resolve("api")) && Files.exists(barrier.resolve("web")), "the hooks ran");

    CliRunner.Run zero = cli.run("sync", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend",
        "--target-template", template, "--parallel", "0").expect(2);
    assertTrue(zero.err().contains("--parallel must be at least 1"), zero.err());
  }

  @Test
  void groupOptionsMisused_areUsageErrors_beforeAnythingIsCreated() {
    String template = target.template().replace("{path}", "mirror/{name}");
    String[][] cases = {
      {"--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend"},
      {"--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend", "--target-template", template,
          "--create-repos", "gitea"},
      {"--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend", "--target-template", template,
          "--backup-to", tmp.resolve("backups").toString()},
      {"--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "backend", "--target-template", template,
          "--target", target.gitUrl("mirror/x")},
      {"--source", tmp.toString(), "--target-template", template},
    };
    String[] expected = {"--target-template", "--target-api-url", "--backup-to", "neither --source nor --target",
        "belong to a group sync"};
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("sync"));
      args.addAll(List.of(cases[i]));
      CliRunner.Run run = cli.run(args.toArray(String[]::new)).expect(2);
      assertTrue(run.err().contains(expected[i]), run.err());
    }
    assertEquals(List.of(), target.writes());
  }
}
