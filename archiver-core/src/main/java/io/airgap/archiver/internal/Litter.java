package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * TempNames}) and removable lock files, and only when the process recorded in them is gone (and a
 * lock file's lock can be taken); says what it removed.
 */
public final class Litter {
  private static final Pattern LOCK_TOKEN = Pattern.compile("(\\d{1,10}) [0-9a-f-]{36}\n");
  private Litter() {}

  /** Cleans {@code folder} itself (not its subfolders). */
  public static List<Path> clean(Path folder, ProgressListener progress) {
    List<Path> removed = new ArrayList<>();
    removeLitterIn(folder, removed);
    report(folder, removed, progress);
    return removed;
  }

  private static void removeLitterUnder(Path root, List<Path> removed) {
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).forEach(f -> removeIfLitter(f, removed));
      } catch (IOException | UncheckedIOException e) {
        // best effort, as above
      }
    }
  }

  private static void removeLitterIn(Path folder, List<Path> removed) {
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.forEach(f -> removeIfLitter(f, removed));
      } catch (IOException e) {
        // unreadable folder: the run's own writes will say so
      }
    }
  }

  /**
   * Cleans {@code root} and everything under it; inside Git repositories (which have their own locks)
   * only the pack folder and the LFS objects.
   */
  public static List<Path> cleanTree(Path root, ProgressListener progress) {
    List<Path> removed = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            Path objects = name.endsWith(".git") ? dir.resolve("objects")
                : name.equals("objects") && Files.isDirectory(dir.resolveSibling("refs")) ? dir : null;
            if (objects == null) {
              return FileVisitResult.CONTINUE;
            }
            // inside a repository only where the tool itself writes: the pack folder (its repack) and
            // the LFS objects (its downloads and copies)
            removeLitterIn(objects.resolve("pack"), removed);
            if (name.endsWith(".git")) {
              removeLitterUnder(dir.resolve("lfs").resolve("objects"), removed);
            }
            return FileVisitResult.SKIP_SUBTREE;
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
    String name = file.getFileName().toString();
    if (name.startsWith(".") && name.endsWith(".lock")) {
      removeDeadLock(file, removed);
      return;
    }
    OptionalLong owner = TempNames.ownerOf(name);
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

  /**
   * A removable lock file ({@link ExclusiveLock}'s token: PID and a UUID) whose process is gone and
   * whose lock can be taken: nobody holds it or waits on the same content.
   */
  private static void removeDeadLock(Path file, List<Path> removed) {
    if (ExclusiveLock.heldInThisProcess(file)) {
      return; // reading it would even drop this process's own lock (POSIX)
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return;
      }
      Matcher m = LOCK_TOKEN.matcher(ExclusiveLock.read(channel));
      if (m.matches() && !isAlive(Long.parseLong(m.group(1)))) {
        Files.delete(file); // while locked: a run waiting on it notices and locks afresh
        removed.add(file);
      }
    } catch (IOException | OverlappingFileLockException e) {
      // held after all, or gone: not ours to remove
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
