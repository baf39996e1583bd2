package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code create --sources-file --shard I/N}: N jobs share one batch, each repository built by exactly one. */
class ShardedBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static Path sourcesFile;
  private static List<String> sources;

  @BeforeAll
  static void repositories() throws Exception {
    sources = new ArrayList<>();
    Path first = SampleRepos.simple(tmp.resolve("repos/seed"));
    for (int i = 0; i < 7; i++) {
      Path repo = tmp.resolve("repos/repo-" + i);
      copy(first, repo);
      sources.add(repo.toString());
    }
    sourcesFile = Files.write(tmp.resolve("sources.txt"), sources);
  }

  @Test
  void threeShards_buildEveryRepositoryExactlyOnce_eachShardSomething_andTheSameSplitEveryRun() throws Exception {
    Map<String, Integer> shardOf = new HashMap<>();
    for (int index = 1; index <= 3; index++) {
      Path out = tmp.resolve("out-" + index);
      List<String> built = built(new CliRunner(tmp.resolve("home-" + index)).run("create", "--sources-file",
          sourcesFile.toString(), "--output", out.toString(), "--shard", index + "/3", "--json").expect(0));
      assertTrue(!built.isEmpty(), "shard " + index + "/3 has work");
      assertEquals(built.size(), Fixtures.listAll(out).size(), "one archive per repository of the shard");
      for (String source : built) {
        Integer previous = shardOf.put(source, index);
        assertEquals(null, previous, source + " is in shards " + previous + " and " + index);
      }
    }
    assertEquals(sources.size(), shardOf.size(), "every repository in a shard: " + shardOf);

    for (int index = 1; index <= 3; index++) {
      List<String> again = built(new CliRunner(tmp.resolve("home-again")).run("create", "--sources-file",
          sourcesFile.toString(), "--dry-run", "--shard", index + "/3", "--json").expect(0));
      for (String source : again) {
        assertEquals(index, shardOf.get(source), "stable across runs: " + source);
      }
    }
  }

  @Test
  void jobCompletionIndex_isTheDefaultIndex_zeroBased() throws Exception {
    CliRunner job = new CliRunner(tmp.resolve("home-job")).env(ShardOption.JOB_INDEX, "1");
    List<String> fromEnv = built(job.run("create", "--sources-file", sourcesFile.toString(), "--dry-run",
        "--shard", "/3", "--json").expect(0));
    List<String> explicit = built(new CliRunner(tmp.resolve("home-job")).run("create", "--sources-file",
        sourcesFile.toString(), "--dry-run", "--shard", "2/3", "--json").expect(0));
    assertEquals(explicit, fromEnv);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0/3", "4/3", "x", "3", "/3"})
  void badShard_isAUsageError_withAClearMessage(String spec) {
    CliRunner.Run run = new CliRunner(tmp.resolve("home-bad")).without(ShardOption.JOB_INDEX)
        .run("create", "--sources-file", sourcesFile.toString(), "--dry-run", "--shard", spec).expect(2);
    assertTrue(run.err().contains("--shard"), run.err());
    assertTrue(run.err().contains("I/N") || run.err().contains("between 1 and 3") || run.err().contains("JOB_COMPLETION_INDEX"),
        run.err());
  }

  @Test
  void shardWithoutABatch_isAUsageError() {
    CliRunner.Run run = new CliRunner(tmp.resolve("home-single")).run("create", "--source",
        sources.get(0), "--dry-run", "--shard", "1/2").expect(2);
    assertTrue(run.err().contains("--sources-file"), run.err());
  }

  private static List<String> built(CliRunner.Run run) throws Exception {
    JsonNode doc = JSON.readTree(run.out());
    List<String> built = new ArrayList<>();
    for (JsonNode result : doc.get("results")) {
      assertTrue(result.get("ok").asBoolean(), result.toString());
      built.add(result.get("source").asText());
    }
    return built;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
