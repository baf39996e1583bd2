package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import picocli.CommandLine.Option;

/** {@code sync --discover}: where each repository of the group goes, and whether missing ones are created. */
final class SyncGroupOptions {
  @Option(names = "--target-template", paramLabel = "URL-TEMPLATE", description = "With --discover: each repository's target, e.g. 'https://git.internal/{group}/{name}.git' ({path} forge path, {name} last segment, {group} the rest).")
  String targetTemplate;

  @Option(names = "--create-repos", paramLabel = "FORGE", description = "With --discover: create missing target repositories through this forge's API (gitlab, github, gitea, bitbucket) before their first push; private unless the source is public. Token: $TARGET_TOKEN.")
  String createRepos;

  @Option(names = "--target-api-url", paramLabel = "URL", description = "The target forge's URL for --create-repos (GitHub Enterprise: https://HOST/api/v3); --api-url is the source forge's.")
  String targetApiUrl;

  @Option(names = "--parallel", paramLabel = "N", description = "With --discover: repositories synced at once (default 1); the report keeps the group's order, and one repository's failure does not stop the others.")
  Integer parallel;

  void validate(boolean discover) throws InvalidRequestException {
    if (!discover && (targetTemplate != null || createRepos != null || targetApiUrl != null || parallel != null)) {
      throw new InvalidRequestException("--target-template, --create-repos, --target-api-url and --parallel belong to"
          + " a group sync (--discover FORGE)");
    }
    if (parallel != null && parallel < 1) {
      throw new InvalidRequestException("--parallel must be at least 1, not " + parallel);
    }
    if (discover && targetTemplate == null) {
      throw new InvalidRequestException("--discover needs --target-template, e.g. 'https://git.internal/{group}/{name}.git'");
    }
    if (createRepos != null && targetApiUrl == null) {
      throw new InvalidRequestException("--create-repos needs --target-api-url (the target forge's URL)");
    }
  }
}
