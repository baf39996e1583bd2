package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.deps.DependencyLayout;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Verifies each archive of the chain in full and applies it to the workspace: its bundle, its LFS
 * objects, its dependencies. A dry run applies to its scratch workspace, so it meets every check
 * a real run meets; only the dependency layout, outside the workspace, is described instead.
 */
final class ApplyStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    int n = c.archives().size();
    return n == 1 ? "Verifying and applying " + c.archives().get(0).input().name()
        : "Verifying and applying " + n + " archives";
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    if (c.chain.onTarget()) {
      c.progress.info("the workspace is empty and the first archive is incremental: fetching what "
          + c.options.target().remote().display() + " already holds");
      c.options.target().fetchInto(c.workspace.repository());
    }
    for (ArchiveHeader header : c.archives()) {
      c.state = apply(c, header);
      c.applied.add(header.archiveId());
    }
    if (c.state.isEmpty()) {
      throw new OperationFailedException("the workspace " + c.workspaceDir + " holds no restored archive to push");
    }
  }

  private static WorkspaceState apply(RestoreContext c, ArchiveHeader header) throws ArchiverException {
    Path staging = newStagingDir(c);
    Path deps = c.dryRun() ? null : c.options.dependenciesDir();
    try (InputStream in = header.input().open();
        StagedArchive staged = new ArchiveStager(c.options.trust(), c.progress)
            .withDependencies(c.options.dependenciesDir() != null || c.publishes()).stage(in, header.input().size(), staging)) {
      Manifest manifest = staged.verified().manifest();
      if (!staged.verified().archiveId().equals(header.archiveId())) {
        throw new UntrustedArchiveException(header.input().name() + " changed while it was being restored");
      }
      c.packs.addAll(c.workspace.applyBundle(staged.file(ArchiveLayout.BUNDLE), true, c.progress,
          manifest.base() == null ? null : manifest.base().archiveId()));
      LfsUploader.moveStagedObjectsToWorkspace(staged.dir(), c.workspace.dir(), manifest, c.progress);
      if (deps != null) {
        new DependencyLayout(deps, c.progress).install(staged.file(ArchiveLayout.DEPENDENCIES), manifest);
      } else if (c.options.dependenciesDir() != null) {
        c.progress.info("dry run: would lay out the dependencies of " + header.archiveId() + " in "
            + c.options.dependenciesDir());
      }
      if (c.publishes()) {
        PublishDepsStep.gather(staged.file(ArchiveLayout.DEPENDENCIES), c.publishDir());
      }
      WorkspaceState next = c.state.withApplied(manifest.source() == null ? null : manifest.source().id(),
          header.archiveId(), manifest.refs(), manifest.head(), manifest.createdAt(), manifest.lfs());
      next.save(c.workspace.dir());
      c.progress.info((c.dryRun() ? "dry run: applied " : "applied ") + manifest.type().label() + " archive "
          + header.archiveId() + " (" + header.input().name() + ")");
      return next;
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + header.input().name() + ": " + e.getMessage(), e);
    }
  }

  private static Path newStagingDir(RestoreContext c) throws OperationFailedException {
    try {
      Path stagingRoot = Files.createDirectories(c.workspace.dir().resolve("staging"));
      return Files.createDirectory(stagingRoot.resolve(UUID.randomUUID().toString()));
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a staging folder in " + c.workspace.dir() + ": "
          + e.getMessage(), e);
    }
  }
}
