package io.airgap.archiver.sync;

import io.airgap.archiver.base.RefChange;
import java.util.List;

/**
 * How one target of a sync ended: its per-ref plan (made, or in a dry run planned), and for a
 * conflict or failure the message naming what went wrong. One target's outcome never stops another.
 */
public record TargetOutcome(String target, Status status, List<RefChange> actions, String error, long commits,
    List<String> findings) {
  /** A target's end state. */
  public enum Status {
    /** Brought to the source's refs (or already there). */
    OK,
    /** Left untouched: refs diverged under {@code --on-conflict fail}. */
    CONFLICT,
    /** Could not be synced (down, refused, rejected a ref); others went on. */
    FAILED,
    /** Left untouched: what it would get breaks the content policy ({@code findings} name why). */
    POLICY
  }

  public TargetOutcome {
    actions = List.copyOf(actions);
    findings = List.copyOf(findings);
  }

  public TargetOutcome(String target, Status status, List<RefChange> actions, String error, long commits) {
    this(target, status, actions, error, commits, List.of());
  }

  /** An outcome that brought no commits (nothing pushed, a conflict, a failure, a dry run). */
  public TargetOutcome(String target, Status status, List<RefChange> actions, String error) {
    this(target, status, actions, error, 0);
  }

  /** The refs in conflict, for messages. */
  public List<String> conflicts() {
    return actions.stream().filter(a -> a.kind() == RefChange.Kind.CONFLICT).map(RefChange::ref).toList();
  }
}
