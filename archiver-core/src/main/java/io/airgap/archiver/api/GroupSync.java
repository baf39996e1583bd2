package io.airgap.archiver.api;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.forge.Forge;
import io.airgap.archiver.forge.ForgeRepository;
import io.airgap.archiver.forge.ForgeTarget;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sync --discover}: lists a group on the source forge, renders each repository's target from
 * the template, and syncs them ({@code --parallel N} at once) with the command's options, each independently;
 * with {@code --create-repos} a missing target is created on the target forge just before its first
 * push (after the policy passed), then given the source's default branch.
 */
final class GroupSync {
  private final SyncCommand command;

  GroupSync(SyncCommand command) {
    this.command = command;
  }

  GroupSyncResult call() throws ArchiverException {
    command.checkGroupOptions();
    if (command.parallel < 1) {
      throw new InvalidRequestException("--parallel must be at least 1, not " + command.parallel);
    }
    if (command.createRepos == null && command.createReposApiUrl != null) {
      throw new InvalidRequestException("--target-api-url belongs to --create-repos FORGE");
    }
    TargetTemplate template = TargetTemplate.parse(command.targetTemplate);
    ProgressListener progress = command.progress;
    Forge forge = ForgeTargets.forge(command.createRepos, command.createReposApiUrl, command.env, progress);
    List<ForgeRepository> repos = command.discovery.environment(command.env).progress(progress).call();
    Map<RepositoryPath, ForgeRepository> byPath = new LinkedHashMap<>();
    for (ForgeRepository repo : repos) { // discovery checked them already; this is the typed hand-over
      byPath.put(RepositoryPath.fromForge(command.discovery.forgeName(), repo.path()), repo);
    }
    Map<RepositoryPath, String> targets = template.targets(byPath.keySet());
    int threads = Math.max(1, Math.min(command.parallel, byPath.size()));
    if (byPath.size() > 1) {
      progress.info(byPath.size() + " repositories to sync, " + threads + " at a time");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<GroupSyncResult.Repository>> futures = new ArrayList<>();
      for (var e : byPath.entrySet()) {
        futures.add(pool.submit(() -> syncOne(e.getValue(), targets.get(e.getKey()), forge)));
      }
      // in the group's order, whichever finished first; one repository's failure is its own row
      List<GroupSyncResult.Repository> results = new ArrayList<>();
      for (Future<GroupSyncResult.Repository> f : futures) {
        results.add(f.get());
      }
      return new GroupSyncResult(command.discovery.groupName(), results, command.dryRun);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted", e);
    } catch (ExecutionException e) {
      throw new OperationFailedException("internal error: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private GroupSyncResult.Repository syncOne(ForgeRepository repo, String target, Forge forge) {
    ProgressListener progress = command.progress;
    String shownSource = Redaction.url(repo.cloneUrl());
    String shownTarget = Redaction.url(target);
    progress.info("syncing " + repo.path() + " -> " + shownTarget);
    ForgeTarget forgeTarget = null;
    try {
      forgeTarget = forge == null ? null
          : ForgeTarget.of(forge, command.createReposApiUrl, target, repo.description(), repo.visibility());
      SyncResult result = command.run(repo.cloneUrl(), List.of(target),
          forgeTarget == null ? null : ForgeTargets.creator(forgeTarget, progress));
      boolean branchSet = false;
      boolean created = forgeTarget != null && (command.dryRun ? !forgeTarget.exists() : forgeTarget.created());
      if (forgeTarget != null && !command.dryRun && result.targets().get(0).status() == SyncResult.Status.OK) {
        branchSet = forgeTarget.settleDefaultBranch(repo.defaultBranch(), result.targets().get(0).changes(), progress);
      }
      return new GroupSyncResult.Repository(repo.path(), shownSource, shownTarget, created, branchSet, result, null);
    } catch (ArchiverException | RuntimeException e) {
      progress.warn(repo.path() + " was not synced: " + e.getMessage());
      return new GroupSyncResult.Repository(repo.path(), shownSource, shownTarget,
          forgeTarget != null && forgeTarget.created(), false, null, e.getMessage());
    }
  }
}
