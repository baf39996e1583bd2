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
        .signer(c.options.signerFingerprint())
        .forge(forge(c))
        .submodules(submodules(c));
    if (c.options.policy() != null) {
      manifest.policy(new Manifest.PolicyPassed(c.options.policy().sha256())); // PolicyStep passed, or threw
    }
    if (c.base.isPresent()) {
      BaseArchive base = c.base.get();
      manifest.base(new Manifest.Base(base.archiveId(), base.refs()), List.copyOf(c.assumedCommits), changes(c, base));
    }
    c.manifest = manifest.build();
  }

  /** The forge record, its default branch filled from the source's HEAD when the forge did not say. */
  private static Manifest.Forge forge(CreateContext c) {
    Manifest.Forge f = c.options.forge();
    if (f == null || f.defaultBranch() != null || c.state.head() == null) {
      return f;
    }
    return new Manifest.Forge(f.kind(), f.path(), org.eclipse.jgit.lib.Repository.shortenRefName(c.state.head()),
        f.description(), f.visibility());
  }

  /** With {@code --recurse-submodules}: what {@code .gitmodules} names at the ref tips (a dry run has no objects). */
  private static List<Manifest.Submodule> submodules(CreateContext c) throws ArchiverException {
    if (!c.options.recurseSubmodules() || c.state.cache() == null) {
      return List.of();
    }
    try {
      return io.airgap.archiver.git.Submodules.atTips(c.state.cache(), c.state.refs().values(),
          c.options.remote().display(), c.progress).stream().map(s -> new Manifest.Submodule(s.path(), s.url())).toList();
    } catch (java.io.IOException e) {
      throw new OperationFailedException("could not read .gitmodules: " + e.getMessage(), e);
    }
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
