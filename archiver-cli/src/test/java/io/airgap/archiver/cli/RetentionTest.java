package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune --keep-chains} keeps exactly the newest chains of each source, on local disk and
 * on S3 (S3Proxy on loopback), and never deletes a base that a kept incremental needs.
 */
class RetentionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path out;
  /** Five archives in three chains, oldest first: full, incr │ full, incr │ full. */
  private final List<Path> archives = new ArrayList<>();
  private String stateAtFourth;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket("retention");
    cli = new CliRunner(tmp)
        .s3(s3);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.simple(tmp.resolve("src"));
    out = tmp.resolve("usb");
    String[] kinds = {"full", "incremental", "full", "incremental", "full"};
    for (int i = 0; i < kinds.length; i++) {
      SampleRepos.commit(src, "file" + i + ".txt", "content " + i + "\n", "commit " + i);
      List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
          "--sign-key", keys.secret().toString(), "--timestamp", "2026-01-0" + (i + 1) + "T00:00:00Z", "--json"));
      if (kinds[i].equals("incremental")) {
        args.add("--since-last");
      }
      JsonNode created = JSON.readTree(cli.run(args.toArray(String[]::new)).expect(0).out());
      assertEquals(kinds[i], created.get("type").asText());
      archives.add(Path.of(created.get("archive").asText()));
      if (i == 3) {
        stateAtFourth = CGit.refs(src);
      }
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  @Test
  void localFolder_keepsTheNewestTwoChains_andTheKeptIncrementStillRestoresOnItsBase() throws Exception {
    JsonNode chains = JSON.readTree(cli.run("list", out.toString(), "--chains", "--json").expect(0).out());
    assertEquals(3, chains.get("chains").size(), chains.toString());

    JsonNode dry = JSON.readTree(cli.run("prune", out.toString(), "--keep-chains", "2", "--dry-run", "--json")
        .expect(0).out());
    assertEquals(2, dry.get("deleted").size(), dry.toString());
    assertEquals(5, Fixtures.listAll(out).size(), "a dry run deletes nothing");

    cli.run("prune", out.toString(), "--keep-chains", "2").expect(0);
    assertEquals(List.of(archives.get(2), archives.get(3), archives.get(4)).stream().map(Path::getFileName).sorted().toList(),
        Fixtures.listAll(out).stream().map(Path::getFileName).sorted().toList());

    Path target = tmp.resolve("target.git");
    cli.run("restore", archives.get(2).toString(), archives.get(3).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString()).expect(0);
    assertEquals(stateAtFourth, CGit.refs(target));
    cli.run("prune", out.toString(), "--keep-chains", "0").expect(2);
  }

  @Test
  void s3Prefix_keepsTheNewestTwoChains_andDeletesTheSidecarsWithTheirArchives() throws Exception {
    String prefix = "s3://retention/nightly";
    for (Path archive : archives) {
      cli.run("push", archive.toString(), prefix).expect(0);
    }
    cli.run("prune", prefix, "--keep-chains", "2").expect(0);
    List<String> keys = s3.raw().listObjectsV2(b -> b.bucket("retention").prefix("nightly/")).contents().stream()
        .map(o -> o.key().substring("nightly/".length())).sorted().toList();
    List<String> expected = new ArrayList<>();
    for (Path kept : archives.subList(2, 5)) {
      expected.add(kept.getFileName().toString());
      expected.add(kept.getFileName() + ".json");
    }
    assertEquals(expected.stream().sorted().toList(), keys);
    JsonNode chains = JSON.readTree(cli.run("list", prefix, "--chains", "--json").expect(0).out());
    assertEquals(2, chains.get("chains").size(), chains.toString());
    assertTrue(chains.get("chains").get(0).get("complete").asBoolean(), chains.toString());
  }
}
