package io.airgap.archiver.base;

import java.util.List;

/**
 * An internal registry already holds a file or package version of the same name with other
 * content; nothing was overwritten. Exit 4, as a ref conflict at the Git target.
 */
public class PublishConflictException extends ArchiverException {
  private static final long serialVersionUID = 1L;
  private final List<String> names;

  public PublishConflictException(String message, List<String> names) {
    super(message);
    this.names = List.copyOf(names);
  }

  /** What conflicts, each as {@code ecosystem name}. */
  public List<String> names() {
    return names;
  }
}
