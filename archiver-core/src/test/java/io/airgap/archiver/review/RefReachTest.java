package io.airgap.archiver.review;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which new commits each ref reaches, over a history made by C git's fast-import: 3,200 commits (a
 * main line with a merged topic) and 1,000 refs, 1,000 of the commits held by the receiver. Every
 * count and list is checked against C git ({@code rev-list}, {@code for-each-ref --contains}).
 */
class RefReachTest {
  private static final int MAIN = 3000;
  private static final int TOPIC = 200;
  private static final int BASE = 1000;
  private static final int REFS = 1000;

  @TempDir Path tmp;

  @Test
  void everyRefReachingANewCommit_isCounted_andListedInNameOrder_matchingCGit() throws Exception {
    Path repoDir = history();
    Map<String, String> marks = marks(repoDir);
    String base = marks.get(":" + BASE);
    TreeMap<String, String> refs = new TreeMap<>();
    for (String line : git(repoDir, "for-each-ref", "--format=%(refname) %(objectname)").lines().toList()) {
      refs.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
    }
    assertEquals(REFS + 2, refs.size());

    RefReach.Result result;
    long started = System.nanoTime();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.resolve(".git").toFile()).build()) {
      result = RefReach.walk(repo, refs, Set.of(base), 50, 200);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println("RefReach over " + result.commits().size() + " new commits and " + refs.size() + " refs: "
        + millis + " ms");

    Set<String> expected = new HashSet<>(git(repoDir, "rev-list", "--all", "--not", base).lines().toList());
    Map<String, Integer> position = new HashMap<>();
    for (Review.CommitEntry c : result.commits()) {
      position.put(c.id(), position.size());
    }
    assertEquals(expected, position.keySet(), "exactly the commits C git says are new");
    assertEquals(MAIN + TOPIC - BASE, expected.size());
    for (String line : git(repoDir, "rev-list", "--parents", "--all", "--not", base).lines().toList()) {
      String[] ids = line.split(" ");
      for (int i = 1; i < ids.length; i++) {
        if (position.containsKey(ids[i])) {
          assertTrue(position.get(ids[0]) < position.get(ids[i]), "a child before its parents: " + line);
        }
      }
    }

    int checked = 0;
    for (String ref : refs.keySet()) {
      if (checked++ % 20 == 0 || ref.equals("refs/heads/main") || ref.equals("refs/heads/topic")) {
        List<String> reached = git(repoDir, "rev-list", ref, "--not", base).lines().toList();
        assertEquals(reached.size(), result.counts().get(ref).intValue(), ref);
        assertEquals(Math.min(200, reached.size()), result.listed().get(ref).size(), ref);
        assertTrue(new HashSet<>(reached).containsAll(result.listed().get(ref)), ref);
      }
    }
    int sampled = 0;
    for (Review.CommitEntry c : result.commits()) {
      if (sampled++ % 97 != 0) {
        continue;
      }
      List<String> containing = git(repoDir, "for-each-ref", "--contains", c.id(), "--format=%(refname)").lines()
          .sorted().toList();
      assertEquals(containing.size(), c.refCount(), c.id());
      assertEquals(containing.subList(0, Math.min(50, containing.size())), c.refs(), c.id());
      assertEquals(containing.get(0), c.ref(), c.id());
    }
    Review.CommitEntry oldest = result.commits().get(result.commits().size() - 1);
    assertTrue(oldest.refCount() > 50 && oldest.refs().size() == 50, "the list is capped, the count is not: "
        + oldest.refCount());
  }

  /** A main line of MAIN commits, a TOPIC-commit branch forked at 1500 and merged at 2500, REFS more refs. */
  private Path history() throws Exception {
    Path dir = tmp.resolve("repo");
    git(tmp, "init", "-q", "-b", "main", dir.toString());
    StringBuilder in = new StringBuilder();
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= 1500; i++) {
      order.add(i);
    }
    for (int i = MAIN + 1; i <= MAIN + TOPIC; i++) {
      order.add(i); // the topic before main goes on: a merge names only commits already made
    }
    for (int i = 1501; i <= MAIN; i++) {
      order.add(i);
    }
    for (int i : order) {
      boolean topic = i > MAIN;
      in.append("commit refs/heads/").append(topic ? "topic" : "main").append('\n')
          .append("mark :").append(i).append('\n')
          .append("committer T <t@example.com> ").append(1_700_000_000L + i).append(" +0000\n")
          .append("data <<END\ncommit ").append(i).append("\nEND\n");
      if (i == MAIN + 1) {
        in.append("from :1500\n");
      }
      if (i == 2500) {
        in.append("merge :").append(MAIN + TOPIC).append('\n');
      }
      in.append("M 644 inline f.txt\ndata <<END\n").append(i).append("\nEND\n\n");
    }
    for (int r = 0; r < REFS; r++) {
      in.append(String.format("reset refs/heads/r/%04d%nfrom :%d%n%n", r, 1 + (int) ((r * 7919L) % (MAIN + TOPIC))));
    }
    Path stream = tmp.resolve("stream");
    Files.writeString(stream, in.toString(), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("git", "fast-import", "--quiet", "--export-marks=" + tmp.resolve("marks"))
        .directory(dir.toFile()).redirectInput(stream.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("fast-import.log").toFile()).start();
    assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("fast-import.log")));
    return dir;
  }

  private Map<String, String> marks(Path repoDir) throws Exception {
    Map<String, String> marks = new HashMap<>();
    for (String line : Files.readAllLines(tmp.resolve("marks"))) {
      String[] parts = line.split(" ");
      marks.put(parts[0], parts[1]);
    }
    return marks;
  }
}
