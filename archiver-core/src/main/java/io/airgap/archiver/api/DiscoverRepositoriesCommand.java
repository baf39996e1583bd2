package io.airgap.archiver.api;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.forge.Forge;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgeRepository;
import io.airgap.archiver.forge.Forges;
import io.airgap.archiver.forge.PathGlob;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.internal.Origin;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.util.List;
import java.util.Map;

/**
 * Lists a forge group's repositories through its REST API (every page), filtered by path globs
 * and by archived/fork status: the input of a fleet create, one archive per repository. The token
 * comes from {@code SOURCE_TOKEN}. Single use.
 */
public final class DiscoverRepositoriesCommand {
  private ForgeKind kind;
  private String apiUrl;
  private String group;
  private List<String> includes = List.of();
  private List<String> excludes = List.of();
  private boolean skipArchived;
  private boolean skipForks;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  DiscoverRepositoriesCommand() {}

  public DiscoverRepositoriesCommand forge(ForgeKind value) { this.kind = value; return this; }
  public DiscoverRepositoriesCommand apiUrl(String url) { this.apiUrl = url; return this; }
  /** GitLab group (full path; subgroups included), GitHub/Gitea organization or user, Bitbucket project key. */
  public DiscoverRepositoriesCommand group(String value) { this.group = value; return this; }
  /** Globs over the forge path ({@code backend/**}); none means every repository. */
  public DiscoverRepositoriesCommand include(List<String> globs) { this.includes = List.copyOf(globs); return this; }
  public DiscoverRepositoriesCommand exclude(List<String> globs) { this.excludes = List.copyOf(globs); return this; }
  public DiscoverRepositoriesCommand skipArchived(boolean value) { this.skipArchived = value; return this; }
  public DiscoverRepositoriesCommand skipForks(boolean value) { this.skipForks = value; return this; }
  public DiscoverRepositoriesCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public DiscoverRepositoriesCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  /** The forge's API for messages, e.g. "the GitLab API". */
  String forgeName() {
    return "the " + (kind == null ? "forge" : kind.displayName()) + " API";
  }

  /**
   * Where {@code SOURCE_TOKEN} was given for: the forge's API URL, and the forge's own Git host
   * when it serves Git elsewhere (github.com for api.github.com). A clone URL the forge lists on any
   * other origin is fetched without the token.
   */
  public List<String> credentialOrigins() {
    return apiUrl == null ? List.of() : Forges.gitOrigins(kind, apiUrl.strip());
  }

  /** The group as given, for results. */
  String groupName() {
    return group;
  }

  public List<ForgeRepository> call() throws ArchiverException {
    if (kind == null) {
      throw new InvalidRequestException("no forge given: --discover gitlab|github|gitea|bitbucket");
    }
    if (group == null || group.isBlank()) {
      throw new InvalidRequestException("--discover needs --group (GitLab group, GitHub/Gitea organization, Bitbucket project key)");
    }
    Forge forge = Forges.of(kind, apiUrl, env.get("SOURCE_TOKEN"), "SOURCE_TOKEN", progress);
    List<ForgeRepository> all = forge.list(group.strip());
    List<ForgeRepository> chosen = all.stream()
        .filter(r -> PathGlob.selected(r.path(), includes, excludes))
        .filter(r -> !(skipArchived && r.archived()))
        .filter(r -> !(skipForks && r.fork()))
        .filter(r -> r.cloneUrl() != null && isNetworkUrl(r))
        .toList();
    for (ForgeRepository r : chosen) { // a forge path becomes archive names, manifests, target URLs and folders
      RepositoryPath.fromForge(forgeName(), r.path());
    }
    progress.info(kind.displayName() + " group " + group + ": " + all.size() + " repositories, " + chosen.size()
        + " selected");
    return chosen;
  }

  /**
   * Whether the forge's clone URL names a server (http(s), ssh, git): a forge's answer may not point
   * this machine at a local path or {@code file://} repository, which it would then archive.
   */
  private boolean isNetworkUrl(ForgeRepository repo) {
    if (Origin.of(repo.cloneUrl()) != null) {
      return true;
    }
    progress.warn(kind.displayName() + " gave " + repo.path() + " the clone URL '" + Redaction.url(repo.cloneUrl())
        + "', which names no server; it is left out (a forge's answer may not name local repositories)");
    return false;
  }

  /** The manifest's {@code forge} object for a discovered repository. */
  public static Manifest.Forge manifestRecord(ForgeKind kind, ForgeRepository repo) {
    return new Manifest.Forge(kind.id(), repo.path(), repo.defaultBranch(), repo.description(), repo.visibility());
  }
}
