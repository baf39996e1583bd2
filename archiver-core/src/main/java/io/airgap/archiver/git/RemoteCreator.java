package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;

/**
 * Finds and creates a target repository that a URL alone cannot create (a forge repository, made
 * through its API): lets a push target be planned as empty and created just before the first push.
 */
public interface RemoteCreator {
  /** Whether the repository exists now. */
  boolean exists() throws ArchiverException;

  /** Creates it (it did not exist). */
  void create() throws ArchiverException;
}
