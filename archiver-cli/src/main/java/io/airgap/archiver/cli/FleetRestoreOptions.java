package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import picocli.CommandLine.Option;

/** {@code restore --target-template}: the options of a fleet restore (many sources, one run). */
final class FleetRestoreOptions {
  @Option(names = "--target-template", paramLabel = "URL-TEMPLATE", description = "Fleet restore: every source in the folder to its own repository, e.g. 'https://git.internal/{group}/{name}.git' ({path} forge path, {name} last segment, {group} the rest).")
  String targetTemplate;

  @Option(names = "--create-repos", paramLabel = "FORGE", description = "Fleet restore: create missing repositories through this forge's API (gitlab, github, gitea, bitbucket); private unless the archive says public. Token: $TARGET_TOKEN.")
  String createRepos;

  @Option(names = "--api-url", paramLabel = "URL", description = "The internal forge's URL for --create-repos (GitHub Enterprise: https://HOST/api/v3).")
  String apiUrl;

  @Option(names = "--parallel", paramLabel = "N", description = "Fleet restore: sources restored at once. Default: ${DEFAULT-VALUE}.")
  int parallel = 2;

  boolean requested() {
    return targetTemplate != null;
  }

  /** @param targetFromEnv $TARGET_REPO_URL, which becomes --target's default and is ignored by a fleet */
  /** @param dryRun a fleet dry run plans every source as a single dry run does, so it takes every option */
  void validate(String target, String targetFromEnv, boolean dryRun) throws InvalidRequestException {
    if (!requested()) {
      if (createRepos != null || apiUrl != null) {
        throw new InvalidRequestException("--create-repos and --api-url belong to a fleet restore (--target-template)");
      }
      return;
    }
    if (target != null && !target.equals(targetFromEnv)) {
      throw new InvalidRequestException("give either --target (one repository) or --target-template (a fleet), not both");
    }
    if (createRepos != null && apiUrl == null) {
      throw new InvalidRequestException("--create-repos needs --api-url (the internal forge's URL)");
    }
  }
}
