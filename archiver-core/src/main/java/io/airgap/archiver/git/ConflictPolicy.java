package io.airgap.archiver.git;

/** What to do when a target ref is not an ancestor of the archived one. */
public enum ConflictPolicy {
  /** Stop before pushing anything and name the refs. */
  FAIL,
  /** Force the archived value onto the target. */
  SOURCE_WINS,
  /** Leave the target's value alone. */
  TARGET_WINS
}
