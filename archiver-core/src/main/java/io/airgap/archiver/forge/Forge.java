package io.airgap.archiver.forge;

import io.airgap.archiver.base.ArchiverException;
import java.util.List;
import java.util.Optional;

/**
 * A forge's REST API as the archiver needs it: list a group's repositories on the connected side;
 * find, create and set the default branch of repositories on the air-gapped side. One class per
 * forge implements it; {@link Forges#of} picks one.
 */
public interface Forge {
  ForgeKind kind();

  /** Every repository of the group (GitLab: with subgroups), through every page. */
  List<ForgeRepository> list(String group) throws ArchiverException;

  /** The repository at this forge path, or empty if the forge says it does not exist. */
  Optional<ForgeRepository> find(String path) throws ArchiverException;

  /**
   * Creates an empty repository at this forge path (GitLab: missing parent groups too).
   *
   * @param visibility {@code private}, {@code internal} or {@code public}; null means private
   */
  ForgeRepository create(String path, String description, String visibility) throws ArchiverException;

  /** Makes {@code branch} (a short name such as {@code develop}) the repository's default branch. */
  void setDefaultBranch(String path, String branch) throws ArchiverException;
}
