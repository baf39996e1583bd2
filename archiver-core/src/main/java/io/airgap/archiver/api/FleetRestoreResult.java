package io.airgap.archiver.api;

import io.airgap.archiver.internal.Redaction;
import java.util.List;

/**
 * What a fleet restore did to each source's repository, in the order of their forge paths; for a dry run
 * ({@code dryRun}), what it would do: each repository's restore result is then its dry run's plan.
 */
public record FleetRestoreResult(List<Repository> repositories, List<UrlRewrite> submoduleRewrites, boolean dryRun) {
  public FleetRestoreResult {
    repositories = List.copyOf(repositories);
    submoduleRewrites = List.copyOf(submoduleRewrites);
  }

  public FleetRestoreResult(List<Repository> repositories, List<UrlRewrite> submoduleRewrites) {
    this(repositories, submoduleRewrites, false);
  }

  /**
   * A submodule URL the archives record and where that repository now lives: developers set
   * {@code git config url.<internal>.insteadOf <original>} so {@code git clone --recurse-submodules} works inside.
   */
  public record UrlRewrite(String internal, String original) {
    /** Shown to developers, who use their own credentials: none from the template. */
    public UrlRewrite {
      internal = Redaction.url(internal);
      original = Redaction.url(original);
    }

    /** The command line, quoted for a POSIX shell (the manifest's rules keep quotes out of both URLs). */
    public String gitConfigCommand() {
      return "git config --global 'url." + internal + ".insteadOf' '" + original + "'";
    }
  }

  /** How one repository ended. */
  public enum Status {
    RESTORED, UNCHANGED, FAILED, UNTRUSTED, CONFLICT;

    public boolean ok() {
      return this == RESTORED || this == UNCHANGED;
    }
  }

  /**
   * One source's outcome.
   *
   * @param path the source's forge path (or its name when the archives carry no forge record)
   * @param target where it was restored to, as shown: without the template's credentials
   * @param created whether the repository was created through the forge's API in this run
   * @param defaultBranchSet whether the default branch was set through the API in this run
   * @param restore the restore's result; null when it failed
   */
  public record Repository(String path, String target, Status status, boolean created, boolean defaultBranchSet,
      String defaultBranch, RestoreResult restore, String error) {
    public Repository {
      target = Redaction.url(target);
      error = Redaction.text(error);
    }
  }

  public long count(Status status) {
    return repositories.stream().filter(r -> r.status() == status).count();
  }
}
