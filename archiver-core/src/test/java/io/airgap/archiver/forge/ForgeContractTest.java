package io.airgap.archiver.forge;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every forge adapter: each runs against its FIXTURE (testing/forge: the forge's REST
 * API written from its public documentation, in front of JGit's real smart-HTTP server) — no real
 * GitLab, GitHub, Gitea or Bitbucket runs on this machine.
 */
class ForgeContractTest {
  private static final String TOKEN = "glpat-contract-secret-0123";

  @TempDir Path tmp;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final ProgressListener listener = e -> {
    if (e instanceof ProgressEvent.Message m && m.level() == ProgressEvent.Level.WARN) {
      warnings.add(m.text());
    }
  };

  /** GitLab groups nest; the others have one level (org or project key). */
  private static String group(ForgeKind kind) {
    return kind == ForgeKind.BITBUCKET ? "PROJ" : "team";
  }

  private ForgeFixture fixtureWithFiveRepositories(ForgeKind kind) throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    ForgeFixture f = ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN).maxPerPage(2);
    String g = group(kind);
    for (String name : List.of("alpha", "beta", "gamma", "delta")) {
      f.add(g + "/" + name, source, "the " + name + " service", "private");
    }
    f.add(kind == ForgeKind.GITLAB ? g + "/sub/epsilon" : g + "/epsilon", source, null, "public");
    f.add("other/zeta", source, null, "private");
    return f;
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void list_followsEveryPage_andReportsPathsAndMetadata(ForgeKind kind) throws Exception {
    try (ForgeFixture f = fixtureWithFiveRepositories(kind)) {
      Forge forge = Forges.of(kind, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      List<ForgeRepository> repos = forge.list(group(kind)).stream()
          .sorted(Comparator.comparing(ForgeRepository::path)).toList();
      String g = group(kind);
      String epsilon = kind == ForgeKind.GITLAB ? g + "/sub/epsilon" : g + "/epsilon";
      assertEquals(List.of(g + "/alpha", g + "/beta", g + "/delta", epsilon, g + "/gamma").stream().sorted().toList(),
          repos.stream().map(ForgeRepository::path).toList());
      ForgeRepository alpha = repos.get(0);
      assertEquals(f.gitUrl(g + "/alpha"), alpha.cloneUrl());
      assertEquals("the alpha service", alpha.description());
      assertEquals("private", alpha.visibility());
      assertEquals("public", repos.stream().filter(r -> r.path().equals(epsilon)).findFirst().orElseThrow().visibility());
      if (kind != ForgeKind.BITBUCKET) { // Bitbucket's list carries no default branch
        assertEquals("main", alpha.defaultBranch());
      }
      long listCalls = f.requests().stream().filter(r -> r.startsWith("GET") && r.contains("repos") || r.contains("/projects?")).count();
      assertTrue(listCalls >= 3, "five repositories at two per page take three pages: " + f.requests());
    }
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void rateLimitAnswer_isWaitedOut_andSaidSo(ForgeKind kind) throws Exception {
    try (ForgeFixture f = fixtureWithFiveRepositories(kind)) {
      Forge forge = Forges.of(kind, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      f.rateLimitRequest(2);
      assertEquals(5, forge.list(group(kind)).size());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("rate limited") && w.contains("waiting")), warnings.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void wrongToken_failsWith401_namingTheVariableNotTheToken(ForgeKind kind) throws Exception {
    try (ForgeFixture f = fixtureWithFiveRepositories(kind)) {
      String wrong = "wrong-token-value-987";
      Forge forge = Forges.of(kind, f.apiUrl(), wrong, "SOURCE_TOKEN", listener);
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge.list(group(kind)));
      assertTrue(e.getMessage().contains("401") && e.getMessage().contains("SOURCE_TOKEN"), e.getMessage());
      assertFalse(e.getMessage().contains(wrong) || e.getMessage().contains(TOKEN), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void unknownGroup_failsNamingIt(ForgeKind kind) throws Exception {
    try (ForgeFixture f = fixtureWithFiveRepositories(kind)) {
      Forge forge = Forges.of(kind, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      OperationFailedException e = assertThrows(OperationFailedException.class, () -> forge.list("NOPE"));
      assertTrue(e.getMessage().contains("NOPE") && e.getMessage().contains("404"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void createFindAndSetDefaultBranch_makeARepositoryThatGitCanPushTo(ForgeKind kind) throws Exception {
    try (ForgeFixture f = ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN)) {
      String owner = kind == ForgeKind.BITBUCKET ? "MIRROR" : "mirror";
      f.group(owner);
      String path = kind == ForgeKind.GITLAB ? owner + "/new/nested/app" : owner + "/app";
      Forge forge = Forges.of(kind, f.apiUrl(), TOKEN, "TARGET_TOKEN", listener);
      assertTrue(forge.find(path).isEmpty());
      forge.create(path, "the app", "private");
      ForgeRepository found = forge.find(path).orElseThrow();
      assertEquals(path, found.path());
      assertEquals("private", f.visibility(path));
      assertEquals("the app", f.description(path));
      OperationFailedException twice = assertThrows(OperationFailedException.class,
          () -> forge.create(path, "the app", "private"));
      assertTrue(twice.getMessage().matches("(?s).*(400|409|422).*"), twice.getMessage());

      Path work = SampleRepos.simple(tmp.resolve("work"));
      git(work, "branch", "develop");
      git(work, "push", "-q", "http://x:" + TOKEN + "@" + f.gitUrl(path).substring("http://".length()),
          "refs/heads/*:refs/heads/*");
      forge.setDefaultBranch(path, "develop");
      assertEquals("develop", f.defaultBranchOf(path));
      assertEquals("develop", forge.find(path).orElseThrow().defaultBranch());
    }
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void targetUrl_mapsToTheForgePathTheApiCreates(ForgeKind kind) throws Exception {
    try (ForgeFixture f = ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN)) {
      String path = kind == ForgeKind.BITBUCKET ? "KEY/app" : "group/app";
      assertEquals(path, ForgePaths.fromUrl(kind, f.apiUrl(), f.gitUrl(path)).value());
    }
  }

  @org.junit.jupiter.api.Test
  void gitea_aUsersRepositories_areListedWhenNoOrganizationHasThatName() throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    try (ForgeFixture f = ForgeFixture.start(ForgeKind.GITEA, tmp.resolve("forge"), TOKEN).maxPerPage(1)) {
      f.user("alice").add("alice/dotfiles", source, null, "public").add("alice/notes", source, null, "private");
      Forge forge = Forges.of(ForgeKind.GITEA, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      assertEquals(List.of("alice/dotfiles", "alice/notes"),
          forge.list("alice").stream().map(ForgeRepository::path).sorted().toList());
      assertTrue(f.requests().stream().anyMatch(r -> r.contains("/users/alice/repos")), f.requests().toString());
    }
  }

  /** GitHub's "List repositories for a user" is public-only: private ones need the user's own token on /user/repos. */
  @org.junit.jupiter.api.Test
  void gitHub_theTokensOwnUser_listsPrivateRepositoriesToo_throughUserRepos() throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    try (ForgeFixture f = ForgeFixture.start(ForgeKind.GITHUB, tmp.resolve("forge"), TOKEN).maxPerPage(1)) {
      f.tokenUser("alice").add("alice/dotfiles", source, null, "public").add("alice/notes", source, null, "private");
      f.add("acme/tool", source, null, "private"); // an org alice belongs to: not hers
      Forge forge = Forges.of(ForgeKind.GITHUB, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      assertEquals(List.of("alice/dotfiles", "alice/notes"),
          forge.list("alice").stream().map(ForgeRepository::path).sorted().toList());
      assertTrue(f.requests().stream().anyMatch(r -> r.startsWith("GET /api/v3/user/repos?affiliation=owner")),
          f.requests().toString());
      assertEquals(List.of(), warnings);
    }
  }

  @org.junit.jupiter.api.Test
  void gitHub_anotherUsersRepositories_arePublicOnly_andSaidSo() throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    try (ForgeFixture f = ForgeFixture.start(ForgeKind.GITHUB, tmp.resolve("forge"), TOKEN).maxPerPage(1)) {
      f.tokenUser("bob");
      f.user("alice").add("alice/dotfiles", source, null, "public").add("alice/notes", source, null, "private")
          .add("alice/zz-site", source, null, "public");
      Forge forge = Forges.of(ForgeKind.GITHUB, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      assertEquals(List.of("alice/dotfiles", "alice/zz-site"),
          forge.list("alice").stream().map(ForgeRepository::path).sorted().toList());
      assertTrue(f.requests().stream().anyMatch(r -> r.startsWith("GET /api/v3/users/alice/repos")), f.requests().toString());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("only public repositories of user alice")
          && w.contains("the token belongs to bob")), warnings.toString());
    }
  }

  /** A GitHub App installation token may not ask GET /user (403): the listing goes on, public only, and says why. */
  @org.junit.jupiter.api.Test
  void gitHub_aTokenWithNoUser_listsPublicRepositories_andSaysWhy() throws Exception {
    Path source = SampleRepos.simple(tmp.resolve("src"));
    try (ForgeFixture f = ForgeFixture.start(ForgeKind.GITHUB, tmp.resolve("forge"), TOKEN)) {
      f.user("alice").add("alice/dotfiles", source, null, "public").add("alice/notes", source, null, "private");
      f.answerAt("/api/v3/user", 403, java.util.Map.of(), java.util.Map.of("message", "Resource not accessible by integration"));
      Forge forge = Forges.of(ForgeKind.GITHUB, f.apiUrl(), TOKEN, "SOURCE_TOKEN", listener);
      assertEquals(List.of("alice/dotfiles"), forge.list("alice").stream().map(ForgeRepository::path).toList());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("only public repositories of user alice")
          && w.contains("GET /user answered 403")), warnings.toString());
    }
  }
}
