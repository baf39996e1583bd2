package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.steps.Step;
import java.util.List;

/**
 * Describes the archive in its manifest: source, refs, base, LFS objects, dependencies, signer.
 * A dry run builds it too, from what it knows without fetching (no LFS or dependency records).
 */
final class ManifestStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Describing the archive (" + c.type().label() + ")";
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    Manifest.Builder manifest = Manifest.builder()
        .createdAt(c.options.createdAt().toString())
        .toolVersion(ToolVersion.get())
        .source(new Manifest.Source(c.sourceId, c.options.archiveName(), c.options.remote().display()))
        .refs(c.state.refs())
        .head(c.state.head())
        .lfs(c.lfs.carried(), c.lfs.missing())
        .dependencies(c.dependencies.records())
        .signer(c.options.signerFingerprint());
    if (c.base.isPresent()) {
      BaseArchive base = c.base.get();
      manifest.base(new Manifest.Base(base.archiveId(), base.refs()), List.copyOf(c.assumedCommits), changes(c, base));
    }
    c.manifest = manifest.build();
  }

  private static Manifest.RefChanges changes(CreateContext c, BaseArchive base) throws ArchiverException {
    if (c.dryRun()) {
      return null; // without the fetch, a rewrite cannot be told from a fast-forward
    }
    try {
      return RefChangeClassifier.classify(c.state.cache(), base.refs(), c.state.refs());
    } catch (java.io.IOException e) {
      throw new OperationFailedException("could not compare the refs with the base's: " + e.getMessage(), e);
    }
  }
}
