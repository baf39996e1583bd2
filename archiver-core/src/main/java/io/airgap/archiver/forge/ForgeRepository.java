package io.airgap.archiver.forge;

/**
 * One repository as a forge's API describes it: what discovery filters on and what the other side
 * needs to recreate it faithfully.
 *
 * @param path the forge path, {@code group/sub/name} (Bitbucket: {@code PROJECT/slug})
 * @param cloneUrl the HTTP(S) clone URL the forge gives
 * @param defaultBranch the branch name, e.g. {@code main}; null when the forge did not say (empty repository)
 * @param visibility {@code private}, {@code internal} or {@code public}
 */
public record ForgeRepository(
    String path, String cloneUrl, String defaultBranch, String description, String visibility, boolean archived,
    boolean fork) {

  /** The last segment of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Everything before the last segment (empty for a top-level repository). */
  public String group() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
