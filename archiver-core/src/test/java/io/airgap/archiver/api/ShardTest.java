package io.airgap.archiver.api;

import io.airgap.archiver.base.InvalidRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shard split is a partition, balanced, stable across runs and machines, and barely moves when the list grows. */
class ShardTest {
  private static final List<String> FIXED = List.of(
      "https://git.example.com/team/app.git",
      "https://git.example.com/team/api.git",
      "https://git.example.com/team/web.git",
      "ssh://git@git.example.com/infra/deploy.git",
      "git@git.example.com:infra/terraform.git",
      "https://git.example.com/data/etl.git",
      "https://git.example.com/data/warehouse.git");

  @Test
  void parse_readsIndexOfCount() throws Exception {
    Shard shard = Shard.parse("2/3");
    assertEquals(2, shard.index());
    assertEquals(3, shard.count());
    assertEquals("2/3", shard.toString());
    assertEquals(Shard.parse(" 1/1 "), Shard.of(1, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0/3", "4/3", "x", "", "3", "1/0", "-1/3", "1/3/5", "a/3", "1/b", "1 / 3"})
  void parse_refusesWhatIsNotAShard(String spec) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Shard.parse(spec));
    assertTrue(e.getMessage().contains("shard"), e.getMessage());
  }

  @Test
  void parse_outOfRangeNamesTheValidRange() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Shard.parse("4/3"));
    assertTrue(e.getMessage().contains("between 1 and 3"), e.getMessage());
  }

  @Test
  void identity_isOneRepositoryWhateverTheSpellingAndCredentials() {
    String expected = "git.example.com/team/app";
    assertEquals(expected, Shard.identity("https://git.example.com/team/app.git"));
    assertEquals(expected, Shard.identity("https://oauth2:s3cret@Git.Example.com/team/app.git/"));
    assertEquals(expected, Shard.identity("ssh://git@git.example.com/team/app"));
    assertEquals(expected, Shard.identity("git@git.example.com:team/app.git"));
    assertEquals(expected, Shard.identity("  HTTP://git.example.com//team/app.git\n"));
    assertEquals("git.example.com:8443/team/app", Shard.identity("https://u:p@git.example.com:8443/team/app.git"));
    assertEquals("/srv/git/app", Shard.identity("/srv/git/app.git/"));
    assertEquals("/srv/git/app", Shard.identity("file:///srv/git/app.git"));
    assertFalse(Shard.identity("https://tok3n@git.example.com/a/b").contains("tok3n"));
  }

  @Test
  void fixedInputs_haveTheFixedAssignment() throws Exception {
    // Pinned: any change to the hash, the normalisation or the range split changes this and moves
    // repositories between the jobs of a running fleet. Change it only on purpose. Reproducible with
    // stock tools: printf %s git.example.com/infra/deploy | sha256sum, sort, cut 7 into 2 + 2 + 3.
    assertEquals(List.of("ssh://git@git.example.com/infra/deploy.git", "https://git.example.com/data/etl.git"),
        Shard.parse("1/3").select(FIXED, Shard::identity));
    assertEquals(List.of("https://git.example.com/team/api.git", "https://git.example.com/team/web.git"),
        Shard.parse("2/3").select(FIXED, Shard::identity));
    assertEquals(List.of("https://git.example.com/team/app.git", "git@git.example.com:infra/terraform.git",
            "https://git.example.com/data/warehouse.git"),
        Shard.parse("3/3").select(FIXED, Shard::identity));
  }

  @Test
  void everyRepositoryIsInExactlyOneShard_andEveryShardHasWork_fromNRepositoriesOn() throws Exception {
    Random random = new Random(42);
    for (int repos = 1; repos <= 60; repos++) {
      List<String> sources = sources(random, repos);
      for (int count = 1; count <= 7; count++) {
        Map<String, Integer> seen = new HashMap<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int index = 1; index <= count; index++) {
          List<String> mine = Shard.of(index, count).select(sources, Shard::identity);
          mine.forEach(s -> seen.merge(s, 1, Integer::sum));
          smallest = Math.min(smallest, mine.size());
          largest = Math.max(largest, mine.size());
        }
        assertEquals(new HashSet<>(sources), seen.keySet(), repos + " repositories, " + count + " shards");
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "disjoint: " + seen);
        assertTrue(largest - smallest <= 1, "balanced within one: " + smallest + ".." + largest);
        if (repos >= count) {
          assertTrue(smallest >= 1, "every shard has work: " + repos + " repositories, " + count + " shards");
        }
      }
    }
  }

  @Test
  void assignment_doesNotDependOnListOrder() throws Exception {
    List<String> sources = sources(new Random(7), 40);
    List<String> shuffled = new ArrayList<>(sources);
    Collections.shuffle(shuffled, new Random(8));
    for (int index = 1; index <= 4; index++) {
      Shard shard = Shard.of(index, 4);
      assertEquals(Set.copyOf(shard.select(sources, Shard::identity)), Set.copyOf(shard.select(shuffled, Shard::identity)));
    }
  }

  @Test
  void sameRepositoryTwice_landsInOneShard() throws Exception {
    List<String> sources = new ArrayList<>(sources(new Random(3), 9));
    sources.add("https://token@" + sources.get(4).substring("https://".length()));
    int holding = 0;
    for (int index = 1; index <= 3; index++) {
      List<String> mine = Shard.of(index, 3).select(sources, Shard::identity);
      if (mine.contains(sources.get(4))) {
        holding++;
        assertTrue(mine.contains(sources.get(9)), "both spellings together");
      }
    }
    assertEquals(1, holding);
  }

  @Test
  void addingOneRepository_movesAtMostOnePerBoundary() throws Exception {
    Random random = new Random(11);
    List<String> before = sources(random, 500);
    List<String> after = new ArrayList<>(before);
    after.add("https://git.example.com/new/repository.git");
    int count = 5;
    Map<String, Integer> shardBefore = assignment(before, count, Function.identity());
    Map<String, Integer> shardAfter = assignment(after, count, Function.identity());
    long moved = before.stream().filter(s -> !shardBefore.get(s).equals(shardAfter.get(s))).count();
    assertTrue(moved <= count - 1, moved + " repositories moved");
  }

  private static Map<String, Integer> assignment(List<String> sources, int count, Function<String, String> f)
      throws InvalidRequestException {
    Map<String, Integer> shardOf = new HashMap<>();
    for (int index = 1; index <= count; index++) {
      for (String s : Shard.of(index, count).select(sources, Shard::identity)) {
        shardOf.put(f.apply(s), index);
      }
    }
    return shardOf;
  }

  private static List<String> sources(Random random, int n) {
    Set<String> out = new java.util.LinkedHashSet<>();
    while (out.size() < n) {
      out.add("https://git.example.com/group-" + random.nextInt(50) + "/repo-" + random.nextInt(100_000) + ".git");
    }
    return new ArrayList<>(out);
  }
}
