package io.airgap.archiver.forge;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.progress.ProgressListener;
import java.util.List;
import java.util.Optional;

/**
 * A push target that lives on a forge able to create it ({@code --create-repos}): the one place a
 * fleet restore and a group sync create a missing repository and then give it the source's default
 * branch. Used by one run for one repository; remembers what it found and created.
 */
public final class ForgeTarget {
  private final Forge forge;
  private final RepositoryPath path;
  private final String description;
  private final String visibility;
  private Optional<ForgeRepository> existing;
  private boolean created;
  private boolean branchSet;

  private ForgeTarget(Forge forge, RepositoryPath path, String description, String visibility) {
    this.forge = forge;
    this.path = path;
    this.description = description;
    this.visibility = visibility;
  }

  /**
   * @param apiUrl the forge's {@code --api-url}, to find the forge path in {@code targetUrl}
   * @param visibility the source's; anything but {@code public} becomes private
   */
  public static ForgeTarget of(Forge forge, String apiUrl, String targetUrl, String description, String visibility)
      throws ArchiverException {
    return new ForgeTarget(forge, ForgePaths.fromUrl(forge.kind(), apiUrl, targetUrl), description,
        "public".equals(visibility) ? "public" : "private");
  }

  /** The forge path the target URL names, as written in it: what is created is what is pushed to. */
  public RepositoryPath path() {
    return path;
  }

  /** Whether the forge holds the repository now (asks once, then remembers, creation included). */
  public boolean exists() throws ArchiverException {
    if (existing == null) {
      existing = forge.find(path.value());
    }
    return existing.isPresent() || created;
  }

  /** Creates the repository unless the forge has it; true if this call created it. */
  public boolean createIfMissing(ProgressListener progress) throws ArchiverException {
    synchronized (forge) { // repositories in parallel may need the same parent group created
      existing = forge.find(path.value());
      if (existing.isPresent() || created) {
        return false;
      }
      forge.create(path.value(), description, visibility);
      created = true;
    }
    progress.info("created " + forge.kind().displayName() + " repository " + path + " (" + visibility + ")");
    return true;
  }

  /**
   * Once refs are pushed: makes {@code branch} the default when it was pushed and the repository was
   * created here or names another default. True if it was set.
   */
  public boolean settleDefaultBranch(String branch, List<RefChange> pushed, ProgressListener progress)
      throws ArchiverException {
    if (branch == null || pushed.stream().noneMatch(c -> c.ref().equals("refs/heads/" + branch)
        && c.kind() != RefChange.Kind.DELETE)) {
      return false;
    }
    String current = existing == null ? null : existing.map(ForgeRepository::defaultBranch).orElse(null);
    if (!created && branch.equals(current)) {
      return false;
    }
    forge.setDefaultBranch(path.value(), branch);
    branchSet = true;
    progress.info("default branch of " + path + " set to " + branch);
    return true;
  }

  public boolean created() {
    return created;
  }

  public boolean branchSet() {
    return branchSet;
  }

  public String kindName() {
    return forge.kind().displayName();
  }
}
