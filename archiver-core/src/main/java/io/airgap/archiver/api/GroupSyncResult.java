package io.airgap.archiver.api;

import java.util.List;

/**
 * What a group sync ({@code sync --discover}) did — or, in a dry run, would do: one entry per
 * discovered repository, each synced (or failed) on its own.
 */
public record GroupSyncResult(String group, List<Repository> repositories, boolean dryRun) {
  public GroupSyncResult {
    repositories = List.copyOf(repositories);
  }

  /**
   * One repository of the group.
   *
   * @param created the target repository was created on the target forge (dry run: would be)
   * @param defaultBranchSet its default branch was set to the source's
   * @param result the sync's result, or null when it could not start ({@code error} says why)
   */
  public record Repository(String path, String source, String target, boolean created, boolean defaultBranchSet,
      SyncResult result, String error) {

    /** Its end state: failed if it could not start or a target failed, else policy, conflict or ok. */
    public SyncResult.Status status() {
      if (result == null || result.failed()) {
        return SyncResult.Status.FAILED;
      }
      return result.policyViolated() ? SyncResult.Status.POLICY
          : result.conflicted() ? SyncResult.Status.CONFLICT : SyncResult.Status.OK;
    }
  }

  public boolean any(SyncResult.Status status) {
    return repositories.stream().anyMatch(r -> r.status() == status);
  }
}
