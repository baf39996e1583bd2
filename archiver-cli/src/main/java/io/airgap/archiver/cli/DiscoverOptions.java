package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.DiscoverRepositoriesCommand;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgeRepository;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code create --discover} and {@code sync --discover}: list a forge group's repositories; for create,
 * each becomes a batch entry that carries its forge record (also a {@code discover:} entry of the
 * configuration's {@code repositories:}).
 */
final class DiscoverOptions {
  /**
   * A batch entry's key for the URLs its source credentials were given with (comma-separated), when
   * its source is not one of them: the forge's --api-url, or the superproject's for a submodule.
   */
  static final String CREDENTIALS_GIVEN_FOR = "credentials-given-for";

  @Option(names = "--discover", paramLabel = "FORGE", description = "Every repository of a forge group: gitlab, github, gitea (Forgejo) or bitbucket (Data Center); create: one archive each, sync: each to --target-template. Token: $SOURCE_TOKEN (API and git).")
  String forge;

  @Option(names = "--api-url", paramLabel = "URL", description = "The forge's URL (GitLab, Gitea, Bitbucket: the server root; GitHub: https://api.github.com or https://HOST/api/v3).")
  String apiUrl;

  @Option(names = "--group", paramLabel = "GROUP", description = "GitLab group (subgroups included), GitHub/Gitea organization or user, Bitbucket project key.")
  String group;

  @Option(names = "--include", split = ",", paramLabel = "GLOB", description = "Only forge paths matching (e.g. 'backend/**'; '*' stays within a segment).")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", split = ",", paramLabel = "GLOB", description = "Leave out forge paths matching.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--skip-archived", description = "Leave out repositories archived on the forge.")
  boolean skipArchived;

  @Option(names = "--skip-forks", description = "Leave out forks.")
  boolean skipForks;


  boolean requested() {
    return forge != null;
  }

  /** This command line's discovery as a configuration-style entry. */
  Map<String, String> asEntry() {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("discover", forge);
    entry.put("api-url", apiUrl);
    entry.put("group", group);
    entry.put("include", String.join(",", includes));
    entry.put("exclude", String.join(",", excludes));
    entry.put("skip-archived", String.valueOf(skipArchived));
    entry.put("skip-forks", String.valueOf(skipForks));
    return entry;
  }

  /** The repositories a {@code discover} entry names, each as a batch entry with its forge record. */
  static List<Map<String, String>> expand(Map<String, String> entry, Map<String, String> env, ProgressListener progress)
      throws ArchiverException {
    ForgeKind kind = ForgeKind.parse(entry.get("discover"));
    DiscoverRepositoriesCommand discovery = discovery(entry).environment(env).progress(progress);
    List<ForgeRepository> repos = discovery.call();
    String givenFor = String.join(",", discovery.credentialOrigins());
    List<Map<String, String>> out = new ArrayList<>();
    for (ForgeRepository r : repos) {
      Map<String, String> repo = new LinkedHashMap<>(entry);
      repo.keySet().removeAll(List.of("discover", "api-url", "group", "include", "exclude", "skip-archived", "skip-forks"));
      repo.put("source", r.cloneUrl());
      repo.put(CREDENTIALS_GIVEN_FOR, givenFor);
      repo.put("name", r.path().replace('/', '-'));
      repo.put("forge-kind", kind.id());
      repo.put("forge-path", r.path());
      putIfSet(repo, "forge-default-branch", r.defaultBranch());
      putIfSet(repo, "forge-description", r.description());
      putIfSet(repo, "forge-visibility", r.visibility());
      out.add(repo);
    }
    return out;
  }

  /** The discovery a {@code discover} entry describes (for create's batch and for {@code sync --discover}). */
  static DiscoverRepositoriesCommand discovery(Map<String, String> entry) throws ArchiverException {
    return Archiver.discover()
        .forge(ForgeKind.parse(entry.get("discover")))
        .apiUrl(entry.get("api-url"))
        .group(entry.get("group"))
        .include(list(entry.get("include")))
        .exclude(list(entry.get("exclude")))
        .skipArchived(Boolean.parseBoolean(entry.get("skip-archived")))
        .skipForks(Boolean.parseBoolean(entry.get("skip-forks")));
  }

  /**
   * Batch entries for the submodules a finished archive records that no entry has archived yet
   * ({@code seen} holds the source URLs so far); each gets a forge path from its URL.
   */
  static List<Map<String, String>> submoduleEntries(io.airgap.archiver.api.CreateResult result, Map<String, String> parent,
      java.util.Set<String> seen) {
    List<Map<String, String>> out = new ArrayList<>();
    if (result == null || result.manifest() == null) {
      return out;
    }
    for (Manifest.Submodule sub : result.manifest().submodules()) {
      if (!seen.add(sub.url())) {
        continue;
      }
      String path = io.airgap.archiver.forge.ForgePaths.fromCloneUrl(sub.url());
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("source", sub.url());
      // the credentials were given for the superproject's source (or its forge), not for .gitmodules' URLs
      entry.put(CREDENTIALS_GIVEN_FOR, parent.getOrDefault(CREDENTIALS_GIVEN_FOR, parent.getOrDefault("source", "")));
      entry.put("name", path.replace('/', '-'));
      if (parent.get("output") != null) {
        entry.put("output", parent.get("output"));
      }
      entry.put("forge-kind", parent.getOrDefault("forge-kind", "git"));
      entry.put("forge-path", path);
      out.add(entry);
    }
    return out;
  }

  /** The manifest's forge record of a batch entry, or null for a repository that was not discovered. */
  static Manifest.Forge forgeOf(Map<String, String> repo) {
    if (repo.get("forge-path") == null) {
      return null;
    }
    return new Manifest.Forge(repo.get("forge-kind"), repo.get("forge-path"), repo.get("forge-default-branch"),
        repo.get("forge-description"), repo.get("forge-visibility"));
  }

  void validate() throws InvalidRequestException {
    if (!requested() && (apiUrl != null || group != null || !includes.isEmpty() || !excludes.isEmpty())) {
      throw new InvalidRequestException("--api-url, --group, --include and --exclude belong to --discover FORGE");
    }
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static List<String> list(String csv) {
    return csv == null || csv.isBlank() ? List.of()
        : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
