package io.airgap.archiver.api;

import io.airgap.archiver.base.RefChange;
import java.util.List;

/**
 * What {@code sync} did — or, in a dry run, would do: one outcome per target (for a bidirectional
 * sync, one per side), and the backup archive written after the sync, if one was asked for.
 *
 * @param backup the backup archive's create result; null when no backup was asked for or it failed
 * @param backupError why the backup could not be written, or null
 */
public record SyncResult(String source, List<TargetResult> targets, CreateResult backup, String backupError,
    boolean bidirectional, boolean dryRun) {
  public SyncResult {
    targets = List.copyOf(targets);
  }

  /**
   * How one target (or side) ended; {@code commits}: how many commits the pushes brought it;
   * {@code findings}: for {@code POLICY}, one line per finding (rule, path, commit, ref, fingerprint).
   */
  public record TargetResult(String target, Status status, List<RefChange> changes, String error, long commits,
      List<String> findings) {
    public TargetResult {
      changes = List.copyOf(changes);
      findings = List.copyOf(findings);
    }

    public long count(RefChange.Kind kind) {
      return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** Ref changes made (or planned) at this target. */
    public long pushed() {
      return changes.stream().filter(c -> c.kind().pushes()).count();
    }
  }

  /** A target's end state. */
  public enum Status {
    OK,
    /** Refs diverged under {@code --on-conflict fail}; the target (both sides, two-way) was left untouched. */
    CONFLICT,
    /** Could not be synced; the other targets went on. */
    FAILED,
    /** What it would get breaks the content policy; the target (both sides, two-way) was left untouched. */
    POLICY
  }

  /** Whether some target failed or the backup could not be written. */
  public boolean failed() {
    return backupError != null || targets.stream().anyMatch(t -> t.status() == Status.FAILED);
  }

  /** Whether some target was left untouched because of conflicting refs. */
  public boolean conflicted() {
    return targets.stream().anyMatch(t -> t.status() == Status.CONFLICT);
  }

  /** Whether some target was left untouched because its push broke the content policy. */
  public boolean policyViolated() {
    return targets.stream().anyMatch(t -> t.status() == Status.POLICY);
  }

  /** Ref changes made (or planned) across every target. */
  public long pushed() {
    return targets.stream().mapToLong(TargetResult::pushed).sum();
  }
}
