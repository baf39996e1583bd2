package io.airgap.archiver.git;

import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a re-run finish after a restore was killed inside a local target's ref transaction, which
 * leaves Git's lock files ({@code packed-refs.lock}, {@code refs/…/NAME.lock}) in a repository the
 * tool does not own. Before the transaction, the workspace records the PID, the time and the lock
 * files it may create; the next run removes only those, only if that process is gone and the file
 * was made within {@link #WINDOW} of the note, and says so. Git itself would refuse until someone
 * deleted them by hand.
 */
final class RefTransactionNote {
  /** How long after its start a transaction's lock files can have been written. */
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final String FILE = "archiver-target-transaction";

  private final Path note;
  private final Path target;

  RefTransactionNote(Path workspaceGitDir, Path targetGitDir) {
    this.note = workspaceGitDir.resolve(FILE);
    this.target = targetGitDir.toAbsolutePath().normalize();
  }

  /** Removes the lock files an earlier, killed transaction on this target left; says which. */
  void clearLeftovers(ProgressListener progress) throws IOException {
    if (!Files.exists(note)) {
      return;
    }
    List<String> lines = Files.readAllLines(note, StandardCharsets.UTF_8);
    if (lines.size() < 3 || !lines.get(2).equals(target.toString())) {
      return; // another target's note: that target's next restore uses it
    }
    long pid;
    Instant start;
    try {
      pid = Long.parseLong(lines.get(0));
      start = Instant.parse(lines.get(1));
    } catch (RuntimeException e) {
      Files.deleteIfExists(note);
      return;
    }
    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return; // still running (the workspace lock makes this rare): its locks are live
    }
    List<String> removed = new ArrayList<>();
    for (String relative : lines.subList(3, lines.size())) {
      Path lock = target.resolve(relative).normalize();
      if (lock.startsWith(target) && Files.isRegularFile(lock) && madeDuring(lock, start)) {
        Files.delete(lock);
        removed.add(relative);
      }
    }
    Files.deleteIfExists(note);
    if (!removed.isEmpty()) {
      progress.info("removed " + removed.size() + " lock file(s) an interrupted restore (process " + pid
          + ") left in " + target + ": " + String.join(", ", removed));
    }
  }

  private static boolean madeDuring(Path lock, Instant start) throws IOException {
    Instant made = Files.getLastModifiedTime(lock).toInstant();
    return !made.isBefore(start.minusSeconds(1)) && made.isBefore(start.plus(WINDOW));
  }

  /** Records the transaction about to run on {@code refs}. */
  void record(List<String> refs) throws IOException {
    List<String> lines = new ArrayList<>(List.of(Long.toString(ProcessHandle.current().pid()),
        Instant.now().toString(), target.toString(), "packed-refs.lock"));
    refs.forEach(ref -> lines.add(ref + ".lock"));
    try (AtomicFileWriter out = AtomicFileWriter.open(note)) {
      out.stream().write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      out.commitReplacing();
    }
  }

  /** The transaction ended (committed or refused): Git removed its locks. */
  void done() {
    try {
      Files.deleteIfExists(note);
    } catch (IOException ignored) {
      // a later run finds no leftover locks to go with it
    }
  }
}
