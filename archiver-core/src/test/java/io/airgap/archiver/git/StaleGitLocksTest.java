package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed fetch or unbundle leaves in a repository the tool owns no longer blocks the next one. */
class StaleGitLocksTest {
  @TempDir Path tmp;

  private static void unbundle(Path bundle, Path repo) throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      git.fetch().setRemote(bundle.toString()).setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).call();
    }
  }

  private static List<String> packFiles(Path repo, String suffix) throws Exception {
    try (Stream<Path> files = Files.list(repo.resolve("objects/pack"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).toList();
    }
  }

  @Test
  void aKeepFileLeftByAKilledUnbundle_isCleared_soTheSamePackCanBeFetchedAgain() throws Exception {
    Path src = tmp.resolve("src");
    git(tmp, "init", "-q", "-b", "main", src.toString());
    Files.writeString(src.resolve("a.txt"), "a\n");
    git(src, "add", "a.txt");
    git(src, "commit", "-q", "-m", "a");
    Path bundle = tmp.resolve("repo.bundle");
    git(src, "bundle", "create", "-q", bundle.toString(), "--all");
    Path first = tmp.resolve("first.git");
    git(tmp, "init", "-q", "--bare", first.toString());
    unbundle(bundle, first);
    String pack = packFiles(first, ".pack").get(0).replace(".pack", "");

    // a kill while JGit writes the new pack's .keep (through a lock file): the lock file remains
    Path ws = tmp.resolve("ws.git");
    git(tmp, "init", "-q", "--bare", ws.toString());
    Files.writeString(ws.resolve("objects/pack").resolve(pack + ".keep.lock"), "");
    Exception refused = assertThrows(Exception.class, () -> unbundle(bundle, ws));
    assertTrue(String.valueOf(refused.getMessage()).contains("Cannot lock pack"), refused.toString());

    StaleGitLocks.clear(ws, ProgressListener.NONE);
    assertEquals(List.of(), packFiles(ws, ".lock"));
    unbundle(bundle, ws);
    assertEquals(git(src, "rev-parse", "main").trim(), git(ws, "rev-parse", "main").trim());
  }
}
