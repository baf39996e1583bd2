package io.airgap.archiver.create;

import io.airgap.archiver.deps.DependencyRecords;
import io.airgap.archiver.lfs.LfsScope;
import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.util.List;

/**
 * Records a written archive in this host's catalog, so a later {@code --since-last} finds its base.
 * A failure here must not fail a finished archive: it only costs the next run its automatic base.
 */
final class CatalogRecord {
  private CatalogRecord() {}

  static void append(CreateContext c) {
    Manifest m = c.manifest;
    try {
      Catalog.open(c.options.cacheRoot(), c.sourceId).append(new Catalog.Entry(c.written.archiveId(),
          m.type().label(), m.createdAt(), c.written.location(), m.base() == null ? null : m.base().archiveId(),
          m.refs(), m.lfs().stream().map(Manifest.LfsObject::oid).toList(),
          List.copyOf(DependencyRecords.heldKeys(m.dependencies())),
          // whether the next incremental may skip this archive's history when scanning for LFS pointers
          c.options.lfs() && c.options.lfsOptions().scope() == LfsScope.HISTORY
              ? m.lfsMissing().stream().map(Manifest.LfsObject::oid).toList() : null,
          c.options.output().place()));
    } catch (IOException e) {
      c.progress.warn("could not record the archive in the catalog (" + e.getMessage()
          + "); the next --since-last will need --base instead");
    }
  }
}
