package io.airgap.archiver.cli;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code review --policy} of a chain's third archive (full → inc1 → inc2, inc2 adding a fake AWS
 * key): with the whole chain at hand the key is found (exit 5); when the base state cannot be
 * rebuilt the review fails (exit 1, naming the missing archive) and never says "passed".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainReviewTest {
  @TempDir static Path tmp;
  CliRunner cli;
  Path src;
  Path full;
  Path inc1;
  Path inc2;
  Path chainFolder;
  Path policy;
  String fullId;

  @BeforeAll
  void chain() throws Exception {
    cli = new CliRunner(tmp);
    src = SampleRepos.rich(tmp.resolve("src"));
    full = create("full", "--timestamp", "2026-01-01T00:00:00Z");
    SampleRepos.commit(src, "src/chain.txt", "one more link\n", "more work");
    inc1 = create("inc1", "--timestamp", "2026-01-02T00:00:00Z", "--incremental", "--base", full.toString());
    SampleRepos.commit(src, "config/deploy.env", "aws_access_key_id = " + ContentPolicyTest.AWS_KEY + "\n",
        "deploy config");
    inc2 = create("inc2", "--timestamp", "2026-01-03T00:00:00Z", "--incremental", "--base", inc1.toString());
    chainFolder = Files.createDirectories(tmp.resolve("chain"));
    for (Path p : List.of(full, inc1, inc2)) {
      Files.copy(p, chainFolder.resolve(p.getFileName()));
    }
    policy = Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n");
    String json = cli.run("inspect", full.toString(), "--json").expect(0).out();
    fullId = Json.mapper().readTree(json).path("archive_id").asText();
    assertEquals(64, fullId.length(), json);
  }

  private Path create(String out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output",
        tmp.resolve(out).toString()));
    args.addAll(List.of(extra));
    cli.run(args.toArray(String[]::new)).expect(0);
    return Fixtures.onlyArchive(tmp.resolve(out));
  }

  @Test
  void baseIsAnIncrementalWithoutItsFullArchive_failsNamingTheMissingArchive_neverPasses() throws Exception {
    Path page = tmp.resolve("partial.html");
    CliRunner.Run run = cli.run("review", inc2.toString(), "--base", inc1.toString(), "--policy", policy.toString(),
        "--html", page.toString()).expect(1);
    String all = run.out() + run.err();
    assertTrue(all.contains("lacks archive " + fullId), all);
    assertFalse(all.contains("passed"), all);
    assertFalse(all.contains("null"), all);
    String html = Files.readString(page);
    JsonNode data = Json.mapper().readTree(html.substring(html.indexOf("id=\"review-data\">") + 17,
        html.indexOf("</script>")));
    assertFalse(data.path("policy").path("passed").asBoolean(true), data.path("policy").toString());
    assertTrue(data.path("policy").path("not_checked").asText().contains(fullId), data.path("policy").toString());
  }

  @Test
  void baseFolderHoldingTheWholeChain_findsTheKey() {
    CliRunner.Run run = cli.run("review", inc2.toString(), "--base", chainFolder.toString(), "--policy",
        policy.toString()).expect(5);
    assertTrue(run.out().contains("finding: secret/aws-access-key-id at config/deploy.env"), run.out());
    assertTrue(run.out().contains("new commits: 1"), run.out());
  }

  @Test
  void everyLinkNamedWithRepeatedBase_findsTheKey() {
    CliRunner.Run run = cli.run("review", inc2.toString(), "--base", full.toString(), "--base", inc1.toString(),
        "--policy", policy.toString()).expect(5);
    assertTrue(run.out().contains("finding: secret/aws-access-key-id"), run.out());
  }

  @Test
  void withoutPolicy_theMissingLinkIsReported_notAFailure() {
    CliRunner.Run run = cli.run("review", inc2.toString(), "--base", inc1.toString()).expect(0);
    assertTrue(run.out().contains("not resolved: the chain lacks archive " + fullId), run.out());
    assertFalse(run.out().contains("null"), run.out());
  }
}
