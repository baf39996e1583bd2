package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The litter cleaner removes only the tool's own leftovers of processes that are gone, and says so. */
class LitterTest {
  @TempDir Path tmp;

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void removesDeadWritersPartials_keepsLiveOnesAndEverythingNotItsOwn() throws Exception {
    Process live = new ProcessBuilder("sleep", "60").start();
    try {
      String dead = ".a.tar.gz.partial-" + deadPid() + "-0123456789ab";
      String alive = ".b.tar.gz.partial-" + live.pid() + "-0123456789ab";
      String mine = TempNames.partialOf("c.tar.gz");
      List<String> notOurs = List.of("a.tar.gz", ".a.tar.gz.partial-xyz", ".a.partial-1-short", "notes.partial-1-0123456789ab");
      for (String n : List.of(dead, alive, mine)) {
        Files.writeString(tmp.resolve(n), "x");
      }
      for (String n : notOurs) {
        Files.writeString(tmp.resolve(n), "x");
      }
      List<String> said = new ArrayList<>();
      ProgressListener listener = e -> {
        if (e instanceof ProgressEvent.Message m) {
          said.add(m.text());
        }
      };

      assertEquals(List.of(tmp.resolve(dead)), Litter.clean(tmp, listener));
      assertTrue(said.stream().anyMatch(s -> s.contains("removed 1 leftover file(s)") && s.contains(dead)), said.toString());
      List<String> kept = new ArrayList<>(notOurs);
      kept.addAll(List.of(alive, mine));
      assertEquals(kept.stream().sorted().toList(), names(tmp));
    } finally {
      live.destroyForcibly();
    }
  }

  @Test
  void removesALockFileOnlyWhenItsHolderIsGone_andNeverOneThisProcessHolds() throws Exception {
    Path held = tmp.resolve(".held.lock");
    try (ExclusiveLock lock = ExclusiveLock.acquire(held, "held", Duration.ZERO, ProgressListener.NONE)) {
      Path stale = tmp.resolve(".stale.lock");
      Files.writeString(stale, deadPid() + " 123e4567-e89b-12d3-a456-426614174000\n");
      Path foreign = tmp.resolve(".foreign.lock");
      Files.writeString(foreign, "not a lock of this tool\n");

      assertEquals(List.of(stale), Litter.clean(tmp, ProgressListener.NONE));
      assertEquals(List.of(".foreign.lock", ".held.lock"), names(tmp));
      assertTrue(Files.readString(held).startsWith(ProcessHandle.current().pid() + " "), "still this process's lock");
    }
  }

  @Test
  void cleaningATree_entersARepositoryOnlyForItsPackFolderAndLfsObjects() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("sources/app-0123.git"));
    Path packs = Files.createDirectories(repo.resolve("objects/pack"));
    Files.createDirectories(repo.resolve("refs/heads"));
    String deadPack = ".pack-" + "a".repeat(40) + ".pack.partial-" + deadPid() + "-0123456789ab";
    Files.writeString(packs.resolve(deadPack), "x");
    Files.writeString(packs.resolve("pack-" + "b".repeat(40) + ".pack"), "x");
    // elsewhere in a repository, even a name like the tool's is not its to remove
    String elsewhere = ".HEAD.partial-" + deadPid() + "-0123456789ab";
    Files.writeString(repo.resolve("refs/heads").resolve(elsewhere), "x");

    Path lfs = Files.createDirectories(repo.resolve("lfs/objects/ab/cd"));
    String deadObject = ".abcd" + "0".repeat(60) + ".partial-" + deadPid() + "-0123456789ab";
    Files.writeString(lfs.resolve(deadObject), "x");

    assertEquals(List.of(packs.resolve(deadPack), lfs.resolve(deadObject)), Litter.cleanTree(tmp, ProgressListener.NONE));
    assertEquals(List.of(), names(lfs));
    assertEquals(List.of("pack-" + "b".repeat(40) + ".pack"), names(packs));
    assertEquals(List.of(elsewhere), names(repo.resolve("refs/heads")));
  }
}
