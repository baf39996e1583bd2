package io.airgap.archiver.base;

import java.util.List;

/** Target refs have moved in ways the archive's history does not contain, and the policy is to stop. */
public class RefConflictException extends ArchiverException {
  private static final long serialVersionUID = 1L;
  private final List<String> refs;

  public RefConflictException(String message, List<String> refs) {
    super(message);
    this.refs = List.copyOf(refs);
  }

  /** The conflicting ref names. */
  public List<String> refs() {
    return refs;
  }
}
