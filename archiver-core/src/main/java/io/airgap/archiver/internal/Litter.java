package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Removes what a killed earlier run left behind: only this tool's own temporary names ({@link
 * TempNames}), and only when the process recorded in the name is gone; says what it removed.
 */
public final class Litter {
  private Litter() {}

  /** Cleans {@code folder} itself (not its subfolders). */
  public static List<Path> clean(Path folder, ProgressListener progress) {
    List<Path> removed = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.forEach(f -> removeIfLitter(f, removed));
      } catch (IOException e) {
        // unreadable folder: the run's own writes will say so
      }
    }
    report(folder, removed, progress);
    return removed;
  }

  /** Cleans {@code root} and everything under it, except Git repositories (which have their own locks). */
  public static List<Path> cleanTree(Path root, ProgressListener progress) {
    List<Path> removed = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            return name.endsWith(".git") || name.equals("objects") && Files.isDirectory(dir.resolveSibling("refs"))
                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            removeIfLitter(file, removed);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        // best effort, as above
      }
    }
    report(root, removed, progress);
    return removed;
  }

  private static void removeIfLitter(Path file, List<Path> removed) {
    OptionalLong owner = TempNames.ownerOf(file.getFileName().toString());
    if (owner.isEmpty() || isAlive(owner.getAsLong())) {
      return;
    }
    try {
      if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
        removed.add(file);
      }
    } catch (IOException e) {
      // left for a later run
    }
  }

  private static boolean isAlive(long pid) {
    return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void report(Path folder, List<Path> removed, ProgressListener progress) {
    if (!removed.isEmpty()) {
      progress.info("removed " + removed.size() + " leftover file(s) of an interrupted earlier run from " + folder
          + ": " + String.join(", ", removed.stream().map(p -> folder.relativize(p).toString()).toList()));
    }
  }
}
