package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
