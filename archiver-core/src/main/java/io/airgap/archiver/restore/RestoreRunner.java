package io.airgap.archiver.restore;

import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.OperationFailedException;
import io.airgap.archiver.api.RefConflictException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.PushPlanner;
import io.airgap.archiver.git.RefAction;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.progress.Steps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Restore's steps: verify and stage, unbundle into the workspace, plan, upload LFS objects and push to the target. */
public final class RestoreRunner {
  private final TrustPolicy trust;
  private final ProgressListener progress;
  private LfsTarget lfsTarget;

  public RestoreRunner(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  /** Where the archive's LFS objects go; without one, an archive that carries LFS objects is refused. */
  public RestoreRunner lfsTarget(LfsTarget target) {
    this.lfsTarget = target;
    return this;
  }

  /** The outcome of one restore. */
  public record Outcome(String archiveId, Manifest manifest, Path workspace, List<RefAction> actions, boolean headSet) {}

  /**
   * @param workspaceDir the workspace, or null to use one per source under {@code workspacesRoot}
   */
  public Outcome run(InputStream archive, long size, Path workspaceDir, Path workspacesRoot,
      TargetRepository target, ConflictPolicy policy, boolean prune) throws ArchiverException, IOException {
    Steps steps = new Steps(progress, 3);
    Path stagingRoot = (workspaceDir != null ? workspaceDir : workspacesRoot).resolve("staging");
    Files.createDirectories(stagingRoot);
    Path staging = Files.createDirectory(stagingRoot.resolve(UUID.randomUUID().toString()));
    try (StagedArchive staged = steps.run("Verifying archive",
        () -> new ArchiveStager(trust, progress).stage(archive, size, staging))) {
      Manifest manifest = staged.verified().manifest();
      Path wsDir = workspaceDir != null ? workspaceDir : workspacesRoot.resolve(workspaceName(manifest));
      Files.createDirectories(wsDir);
      WorkspaceOwner.claim(wsDir, manifest.source() == null ? null : manifest.source().id());
      try (Workspace workspace = Workspace.open(wsDir)) {
        steps.run("Unbundling into workspace " + wsDir, () -> {
          workspace.applyBundle(staged.file(ArchiveLayout.BUNDLE), true, progress);
          LfsUploader.keepInWorkspace(staged.dir(), wsDir, manifest, progress);
          return null;
        });
        List<RefAction> actions = steps.run("Pushing to " + target.remote().display(),
            () -> push(workspace, manifest, target, policy, prune));
        boolean headSet = target.setHeadIfLocal(manifest.head());
        return new Outcome(staged.verified().archiveId(), manifest, wsDir, actions, headSet);
      }
    }
  }

  private List<RefAction> push(Workspace workspace, Manifest manifest, TargetRepository target,
      ConflictPolicy policy, boolean prune) throws ArchiverException {
    if (target.createIfLocalAndMissing(manifest.head())) {
      progress.info("created the bare repository " + target.remote().display());
    }
    Map<String, String> targetRefs = target.listRefs(workspace.repository());
    List<RefAction> actions;
    try {
      actions = new PushPlanner(workspace.repository()).plan(manifest.refs(), targetRefs, policy, prune);
    } catch (IOException e) {
      throw new OperationFailedException("could not compare the workspace with the target: " + e.getMessage(), e);
    }
    List<String> conflicts = actions.stream().filter(a -> a.kind() == RefAction.Kind.CONFLICT).map(RefAction::ref).toList();
    if (!conflicts.isEmpty()) {
      throw new RefConflictException(conflicts.size() + " ref(s) at the target have history the archive does not"
          + " contain, so nothing was pushed: " + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
          + (conflicts.size() > 20 ? ", ..." : "")
          + ". Use --on-conflict source-wins to overwrite them or target-wins to keep them.", conflicts);
    }
    LfsUploader.beforePush(lfsTarget, workspace.dir(), manifest, progress);
    target.push(workspace.repository(), actions);
    return actions;
  }

  private static String workspaceName(Manifest manifest) {
    String name = manifest.source() == null || manifest.source().name() == null ? "repository" : manifest.source().name();
    String id = manifest.source() == null || manifest.source().id() == null ? "" : manifest.source().id();
    String suffix = id.isEmpty() ? "" : "-" + id.substring(Math.max(0, id.length() - 12));
    return name.replaceAll("[^A-Za-z0-9._-]+", "-") + suffix;
  }
}
