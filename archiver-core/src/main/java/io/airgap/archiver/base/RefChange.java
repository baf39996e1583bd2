package io.airgap.archiver.base;

/** One ref's change at a target — planned (dry run) or made — and why. */
public record RefChange(String ref, String targetId, String archivedId, Kind kind) {
  /** The kinds of change a push can make to one ref. */
  public enum Kind {
    CREATE,
    FAST_FORWARD,
    UNCHANGED,
    /** Archived value forced over a diverged target value (source-wins). */
    FORCE,
    /** Diverged target value left alone (target-wins). */
    KEEP_TARGET,
    /** Diverged, and the policy is to fail. */
    CONFLICT,
    /** Target ref absent from the archive, deleted because of --prune. */
    DELETE,
    /** Target ref absent from the archive, kept because --prune was not given. */
    KEEP_EXTRA;

    public boolean pushes() {
      return this == CREATE || this == FAST_FORWARD || this == FORCE || this == DELETE;
    }
  }
}
