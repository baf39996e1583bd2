package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes the {@code *.lock} files a killed run left in a repository the tool owns (its cache or
 * workspace). Only called while holding that folder's {@code ExclusiveLock}, so no live run can
 * own them; without this, the next fetch would fail with "cannot lock ref".
 */
public final class StaleGitLocks {
  private StaleGitLocks() {}

  public static void clear(Path gitDir, ProgressListener progress) {
    if (!Files.isDirectory(gitDir)) {
      return;
    }
    List<Path> stale;
    try (Stream<Path> files = Files.walk(gitDir)) {
      // in objects/ only the pack folder: a killed fetch's pack-*.keep.lock makes the same pack's next
      // fetch fail ("Cannot lock pack")
      stale = files.filter(p -> p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p))
          .filter(p -> !p.startsWith(gitDir.resolve("objects")) || p.getParent().endsWith(Path.of("objects", "pack")))
          .toList();
    } catch (IOException e) {
      return;
    }
    for (Path p : stale) {
      try {
        Files.deleteIfExists(p);
        progress.debug("removed a stale lock left by an interrupted run: " + p);
      } catch (IOException ignored) {
        // the next git operation will name it
      }
    }
  }
}
