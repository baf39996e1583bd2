package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review page in a real browser (headless Chromium): it renders, logs no error, escapes data, and screenshots. */
class ReviewPageInChromiumTest {
  @TempDir Path tmp;

  @Test
  void consoleCheck_catchesAPageWithAnError() throws Exception {
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, "<html><body><script>undefinedFunction();</script></body></html>");
    HeadlessChromium.Load load = new HeadlessChromium(tmp.resolve("profile-broken")).load(broken);
    assertFalse(load.console().isEmpty(), "an uncaught error must be seen, or the check below proves nothing");
    assertTrue(load.console().get(0).contains("Uncaught"), load.console().toString());
  }

  @Test
  void reviewPage_loadsWithoutConsoleErrors_rendersTheSummary_andShowsHostileNamesAsText() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.rich(tmp.resolve("src"));
    SampleRepos.commit(src, ReviewTest.HOSTILE_PATH, "hostile\n", ReviewTest.HOSTILE_SUBJECT);
    SampleRepos.commit(src, "config/deploy.env", "aws_access_key_id = AKIAQWERTYUIOPASDF12\n", "deploy config");
    git(src, "rm", "-q", "config/deploy.env");
    git(src, "commit", "-q", "-m", "remove deploy config");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(policy, "secrets: true\n");
    Path page = tmp.resolve("review.html");
    CliRunner.Run review = cli.run("review", archive.toString(), "--policy", policy.toString(), "--html",
        page.toString()).expect(5);
    assertTrue(review.out().contains("finding: secret/aws-access-key-id at config/deploy.env"), review.out());

    HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("profile"));
    HeadlessChromium.Load load = chromium.load(page);
    assertEquals(java.util.List.of(), load.console(), "no console message or uncaught error");
    assertTrue(load.dom().contains("data-rendered=\"true\""), "the page's script ran to its end");
    assertTrue(load.dom().contains("id=\"summary\" aria-label=\"summary\" data-ready=\"true\""), "summary rendered");
    assertTrue(load.dom().contains("1 finding"), "the summary leads with the policy outcome");
    assertTrue(load.dom().contains("href=\"#file-config%2Fdeploy.env\""), "the finding links to its path");
    assertTrue(load.dom().contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; friends"),
        "the hostile subject is shown as text");
    assertFalse(load.dom().contains("<img"), "and never becomes markup");
    assertFalse(load.dom().contains("AKIAQWERTYUIOPASDF12"), "the key's value is not on the page");

    Path png = Path.of("target", "review-screenshot.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    chromium.screenshot(page, png);
    assertTrue(Files.size(png) > 10_000, "a real screenshot");
    System.out.println("review page screenshot: " + png);
  }

  /** Hostile text in a small text file: it must show as text, its hidden characters visible, and never run. */
  static final String HOSTILE_TEXT =
      "</details><script>console.error('xss')</script><img src=x onerror=console.error(1)>\n"
      + "access = \u202Eresu\u202C admin\n" + "bell \u0007 here\n";

  /**
   * The reworked page over a realistic incremental archive made by the CLI from a repository with real Git LFS:
   * a new LFS file at its real size (not its pointer's), each new commit under every new ref that reaches it, a
   * collapsed inline diff for small text changes with hostile content escaped, and the signer's user ID beside the
   * fingerprint.
   */
  @Test
  void reworkedPage_lfsAtRealSize_commitsUnderEveryRef_escapedInlineDiffs_andTheSignersUserId() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), null, null);
    Path src = LfsSampleRepo.create(lfs, tmp.resolve("src")).dir;
    Path keyDir = tmp.resolve("keys");
    CliRunner.Run keygen = cli.run("keygen", "--out", keyDir.toString(), "--uid",
        "Release Officer <release@example.org>").expect(0);
    String fingerprint = keygen.out().lines().filter(l -> l.startsWith("Fingerprint:")).findFirst().orElseThrow()
        .substring("Fingerprint:".length()).strip();
    Path secret = keyDir.resolve("archiver-signing-secret.asc");
    Path pub = keyDir.resolve("archiver-signing-public.asc");
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("full").toString(), "--sign-key",
        secret.toString()).expect(0);
    Path full = Fixtures.onlyArchive(tmp.resolve("full"));

    // the next night: a small README change, a hostile text file, a new LFS file, a leaked key; a release branch
    Files.writeString(src.resolve("README.md"), "# lfs sample\n\nAssets are kept in Git LFS.\n");
    Files.createDirectories(src.resolve("docs"));
    Files.writeString(src.resolve("docs/notes.md"), HOSTILE_TEXT, StandardCharsets.UTF_8);
    byte[] manual = new byte[150_000];
    new java.util.Random(7).nextBytes(manual);
    Files.write(src.resolve("assets/manual.bin"), manual);
    lfs.git(src, "add", "-A");
    lfs.git(src, "commit", "-q", "-m", "manual, notes, readme");
    Files.createDirectories(src.resolve("config"));
    Files.writeString(src.resolve("config/deploy.env"), "aws_access_key_id = AKIAQWERTYUIOPASDF12\n");
    lfs.git(src, "add", "-A");
    lfs.git(src, "commit", "-q", "-m", "deploy config");
    lfs.git(src, "branch", "release/2.1");
    for (String team : List.of("team/a", "team/b", "team/c", "team/d", "team/e")) {
      lfs.git(src, "branch", team);
    }
    String newCommit = lfs.git(src, "rev-parse", "main~1").strip();
    Fixtures.awaitNextSecond();
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("incr").toString(), "--sign-key",
        secret.toString(), "--incremental", "--base", full.toString()).expect(0);
    Path incremental = Fixtures.onlyArchive(tmp.resolve("incr"));
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(policy, "secrets: true\n");
    Path page = tmp.resolve("review.html");
    cli.run("review", incremental.toString(), "--base", full.toString(), "--trust", pub.toString(), "--policy",
        policy.toString(), "--html", page.toString()).expect(5);
    JsonNode json = Json.mapper().readTree(cli.run("review", "--json", incremental.toString(), "--base",
        full.toString(), "--trust", pub.toString()).expect(0).out());

    HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("profile"));
    HeadlessChromium.Load load = chromium.load(page);
    String dom = load.dom();
    String manualRow = row(dom, "file-assets%2Fmanual.bin");
    String notesRow = row(dom, "file-docs%2Fnotes.md");
    String commitRow = row(dom, "commit-" + newCommit);
    String releaseRow = row(dom, "ref-refs%2Fheads%2Frelease%2F2.1");
    JsonNode manualJson = entry(json.path("files"), "path", "assets/manual.bin");
    JsonNode commitJson = entry(json.path("commits"), "id", newCommit);
    String html = Files.readString(page);
    assertAll(
        () -> assertEquals(List.of(), load.console(), "no console message, no uncaught error: no hostile script ran"),
        () -> assertTrue(dom.contains("data-rendered=\"true\""), "the page's script ran to its end"),
        // 1. LFS at its real size, marked LFS, in the table, the chart and the JSON alike
        () -> assertTrue(manualRow.contains("146.5 KiB") && manualRow.contains("LFS"), manualRow),
        () -> assertFalse(manualRow.matches("(?s).*>1[0-9]{2} B<.*"), "not the pointer's size: " + manualRow),
        () -> assertEquals(150_000, manualJson.path("content_size").asLong(), manualJson.toString()),
        () -> assertTrue(manualJson.path("size").asLong() < 200, "size stays the blob's (pointer's) size"),
        // 2. the new commit under both new refs that reach it, on its row and in each ref's list
        () -> assertTrue(commitRow.contains("refs/heads/main") && commitRow.contains("refs/heads/release/2.1"),
            commitRow),
        () -> assertTrue(commitRow.contains(">and 2 more<"), "five of the seven refs named, the rest counted: "
            + commitRow),
        () -> assertTrue(releaseRow.contains(newCommit.substring(0, 12)), releaseRow),
        () -> assertEquals(List.of("refs/heads/main", "refs/heads/release/2.1", "refs/heads/team/a",
            "refs/heads/team/b", "refs/heads/team/c", "refs/heads/team/d", "refs/heads/team/e"),
            texts(commitJson.path("refs")), commitJson.toString()),
        () -> assertEquals(7, commitJson.path("ref_count").asInt()),
        // 3. the inline diff: collapsed, hostile content shown as text, hidden characters made visible
        () -> assertTrue(notesRow.contains("<details"), notesRow),
        () -> assertTrue(notesRow.contains("+&lt;/details&gt;&lt;script&gt;console.error('xss')&lt;/script&gt;"),
            notesRow),
        () -> assertTrue(notesRow.contains("U+202E") && notesRow.contains("U+0007"), notesRow),
        () -> assertFalse(dom.contains("\u202E") || dom.contains("\u0007"), "no raw bidi override or control character"),
        () -> assertFalse(dom.contains("<script>console") || dom.contains("<img"), "no markup from the file"),
        () -> assertTrue(row(dom, "file-README.md").contains("+Assets are kept in Git LFS."), "a plain small change"),
        () -> assertTrue(row(dom, "file-config%2Fdeploy.env").contains("looks like a credential"),
            "a text holding a credential gets no diff"),
        () -> assertFalse(dom.contains("AKIAQWERTYUIOPASDF12") || html.contains("AKIAQWERTYUIOPASDF12"),
            "the key's value is nowhere on the page"),
        () -> assertTrue(html.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)),
            "the page file itself is printable ASCII: every other character is escaped"),
        () -> assertFalse(html.contains("'unsafe-inline'"), "the page's CSP allows only its own script and style"),
        // 4. the signer: fingerprint first, the user ID the key states beside it
        () -> assertTrue(dom.contains(fingerprint) && dom.contains("Release Officer &lt;release@example.org&gt;"),
            dom.substring(0, Math.min(dom.length(), 3000))),
        () -> assertEquals("Release Officer <release@example.org>", json.path("signer_user_id").asText()));

    Path shots = Path.of("target").toAbsolutePath();
    Files.createDirectories(shots);
    Files.copy(page, shots.resolve("review-lfs-page.html"), StandardCopyOption.REPLACE_EXISTING);
    Path png = shots.resolve("review-lfs-screenshot.png");
    Files.deleteIfExists(png);
    chromium.screenshot(page, png);
    assertTrue(Files.size(png) > 10_000, "a real screenshot");
    System.out.println("reworked review page: " + shots.resolve("review-lfs-page.html") + ", screenshot " + png);
  }

  /** The serialised table row with this id (empty when there is none). */
  private static String row(String dom, String id) {
    int start = dom.indexOf("<tr id=\"" + id + "\"");
    return start < 0 ? "" : dom.substring(start, dom.indexOf("</tr>", start) + 5);
  }

  private static JsonNode entry(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    return Json.mapper().createObjectNode();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
