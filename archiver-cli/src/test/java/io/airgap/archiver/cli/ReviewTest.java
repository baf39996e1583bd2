package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archiver review} over a real history: a full archive, then an incremental one that adds a
 * branch and a tag, deletes a branch, rewrites another, and adds, changes and removes files. The
 * commits it lists are exactly C git's {@code rev-list} of the new refs minus the base's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewTest {
  static final String HOSTILE_SUBJECT = "</script><img src=x onerror=alert(1)> & friends";
  static final String HOSTILE_PATH = "docs/<b>bold</b>.md";

  @TempDir static Path tmp;
  CliRunner cli;
  Fixtures.Keys keys;
  Path src;
  Path full;
  Path incremental;
  List<String> baseTips;

  @BeforeAll
  void history() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    full = create("full");
    baseTips = tips();

    SampleRepos.commit(src, "src/app.txt", "line 1\nline 2\nline 3\n", "more main work");
    SampleRepos.commit(src, HOSTILE_PATH, "hostile name\n", HOSTILE_SUBJECT);
    git(src, "rm", "-q", "README.md");
    git(src, "commit", "-q", "-m", "drop the readme");
    git(src, "branch", "topic");
    git(src, "tag", "-a", "v2.0", "-m", "release 2.0");
    git(src, "branch", "-D", "release/1.x");
    git(src, "checkout", "-q", "feature/x");
    git(src, "reset", "-q", "--hard", "HEAD~1");
    SampleRepos.commit(src, "src/feature.txt", "feature, rewritten\n", "rewritten feature");
    git(src, "checkout", "-q", "main");
    incremental = create("incr", "--incremental", "--base", full.toString());
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString(), "--sign-key", keys.secret().toString()));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(tmp.resolve(out));
  }

  private List<String> tips() {
    return git(src, "for-each-ref", "--format=%(objectname)", "refs/heads", "refs/tags", "refs/notes").lines().toList();
  }

  private JsonNode reviewJson(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("review", "--json", "--trust", keys.pub().toString()));
    all.addAll(List.of(args));
    return Json.mapper().readTree(cli.run(all.toArray(String[]::new)).expect(0).out());
  }

  private static Set<String> texts(JsonNode array, String field) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void incrementalWithItsBase_listsExactlyTheNewCommits_refChanges_andFileChanges() throws Exception {
    JsonNode review = reviewJson(incremental.toString(), "--base", full.toString());
    List<String> expected = new ArrayList<>(List.of("rev-list", "--branches", "--tags", "--glob=refs/notes/*", "--not"));
    expected.addAll(baseTips);
    Set<String> gitCommits = new TreeSet<>(git(src, expected.toArray(String[]::new)).lines().toList());
    assertEquals(gitCommits, texts(review.path("commits"), "id"));
    assertEquals(4, gitCommits.size(), "three on main and the rewritten feature commit: " + gitCommits);

    TreeMap<String, String> refs = new TreeMap<>();
    review.path("refs").forEach(r -> refs.put(r.path("ref").asText(), r.path("change").asText()));
    assertEquals("added", refs.get("refs/heads/topic"));
    assertEquals("added", refs.get("refs/tags/v2.0"));
    assertEquals("deleted", refs.get("refs/heads/release/1.x"));
    assertEquals("rewritten", refs.get("refs/heads/feature/x"));
    assertEquals("fast-forwarded", refs.get("refs/heads/main"));
    assertEquals("unchanged", refs.get("refs/tags/v1.0"));

    TreeMap<String, String> files = new TreeMap<>();
    review.path("files").forEach(f -> files.put(f.path("path").asText() + " on " + f.path("ref").asText(),
        f.path("change").asText()));
    assertEquals("modified", files.get("src/app.txt on refs/heads/main"), files.toString());
    assertEquals("added", files.get(HOSTILE_PATH + " on refs/heads/main"), files.toString());
    assertEquals("removed", files.get("README.md on refs/heads/main"), files.toString());
    assertEquals("modified", files.get("src/feature.txt on refs/heads/feature/x"), files.toString());
    assertEquals("verified", review.path("signature").asText());
    assertTrue(review.path("unresolved").isEmpty(), review.toString());
  }

  @Test
  void fullArchive_bringsEveryCommit() throws Exception {
    JsonNode review = reviewJson(full.toString());
    List<String> revList = new ArrayList<>(List.of("rev-list"));
    revList.addAll(baseTips);
    Set<String> expected = new TreeSet<>(git(src, revList.toArray(String[]::new)).lines().toList());
    assertEquals(expected, texts(review.path("commits"), "id"));
    assertTrue(expected.size() >= 6, expected.toString());
    assertTrue(texts(review.path("refs"), "change").equals(Set.of("added")), review.path("refs").toString());
  }

  @Test
  void incrementalWithoutItsBase_saysWhatCouldNotBeResolved_andStillListsTheRefChanges() throws Exception {
    CliRunner.Run run = cli.run("review", incremental.toString(), "--trust", keys.pub().toString()).expect(0);
    assertTrue(run.out().contains("not resolved: commits, files and the credential scan need the base archive"),
        run.out());
    assertTrue(run.out().contains("ref deleted: refs/heads/release/1.x"), run.out());
    assertTrue(run.out().contains("ref added: refs/heads/topic"), run.out());
  }

  @Test
  void htmlPage_isSelfContained_andEscapesNamesAndSubjects() throws Exception {
    Path page = tmp.resolve("review.html");
    cli.run("review", incremental.toString(), "--base", full.toString(), "--html", page.toString()).expect(0);
    String html = Files.readString(page);
    assertFalse(html.contains(HOSTILE_SUBJECT), "the subject never appears raw");
    assertFalse(html.contains("<img src=x"), "no markup from data");
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external asset");
    assertEquals(2, html.split("</script>", -1).length - 1, "only the page's own two script elements close");
    String data = html.substring(html.indexOf("id=\"review-data\">") + 17, html.indexOf("</script>"));
    JsonNode parsed = Json.mapper().readTree(data);
    assertTrue(texts(parsed.path("commits"), "subject").contains(HOSTILE_SUBJECT), "the data round-trips");
    assertTrue(texts(parsed.path("files"), "path").contains(HOSTILE_PATH));
    List<String> paths = new ArrayList<>();
    parsed.path("files").forEach(f -> paths.add(f.path("path").asText()));
    assertFalse(paths.isEmpty());
    assertTrue(paths.stream().collect(Collectors.toSet()).contains("src/app.txt"));
  }

  /**
   * Each new commit names every archived ref that newly reaches it, as C git's {@code rev-list REF --not BASE-TIPS}
   * says per ref, and each ref counts its new commits; the old single {@code ref} is the first of them. A file
   * changed the same way on several refs names each; the signer's user ID is carried beside the fingerprint.
   */
  @Test
  void incrementalWithItsBase_creditsEachCommitToEveryNewRefThatReachesIt_andNamesTheSigner() throws Exception {
    JsonNode review = reviewJson(incremental.toString(), "--base", full.toString());
    TreeMap<String, Set<String>> expected = new TreeMap<>();
    TreeMap<String, Integer> perRef = new TreeMap<>();
    for (String ref : git(src, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags", "refs/notes")
        .lines().toList()) {
      List<String> revList = new ArrayList<>(List.of("rev-list", ref, "--not"));
      revList.addAll(baseTips);
      List<String> reached = git(src, revList.toArray(String[]::new)).lines().toList();
      reached.forEach(c -> expected.computeIfAbsent(c, k -> new TreeSet<>()).add(ref));
      perRef.put(ref, reached.size());
    }
    TreeMap<String, Set<String>> actual = new TreeMap<>();
    review.path("commits").forEach(c -> {
      Set<String> refs = new TreeSet<>();
      c.path("refs").forEach(r -> refs.add(r.asText()));
      actual.put(c.path("id").asText(), refs);
      assertFalse(refs.isEmpty(), "every new commit names the refs that reach it: " + c);
      assertEquals(refs.size(), c.path("ref_count").asInt(), c.toString());
      assertEquals(refs.iterator().next(), c.path("ref").asText(), "the old field is the first ref: " + c);
    });
    assertEquals(expected, actual);
    assertTrue(actual.values().stream().anyMatch(refs -> refs.containsAll(Set.of("refs/heads/main",
        "refs/heads/topic", "refs/tags/v2.0"))), "main's new commits are on main, topic and v2.0: " + actual);
    review.path("refs").forEach(r -> {
      if (perRef.containsKey(r.path("ref").asText())) {
        assertEquals(perRef.get(r.path("ref").asText()).intValue(), r.path("new_commits").asInt(), r.toString());
      }
    });

    Set<String> appRefs = new TreeSet<>();
    review.path("files").forEach(f -> {
      if (f.path("path").asText().equals("src/app.txt")) {
        f.path("refs").forEach(r -> appRefs.add(r.asText()));
      }
    });
    assertTrue(appRefs.containsAll(Set.of("refs/heads/main", "refs/heads/topic")), appRefs.toString());
    assertEquals("Air-Gap Archiver <archiver@localhost>", review.path("signer_user_id").asText(), review.toString());
  }
}
