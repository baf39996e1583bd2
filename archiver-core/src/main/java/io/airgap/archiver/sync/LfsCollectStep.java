package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.lfs.LfsCollector;
import io.airgap.archiver.steps.Step;
import java.util.List;
import java.util.Set;

/**
 * Gathers every Git LFS object the source's refs need into the LFS cache (create's collector: only
 * what the cache lacks is downloaded), so each target can be given what it lacks before its refs.
 */
final class LfsCollectStep implements Step<SyncContext> {
  @Override
  public String title(SyncContext c) {
    return "Collecting Git LFS objects";
  }

  @Override
  public boolean enabled(SyncContext c) {
    return c.options.lfs();
  }

  @Override
  public boolean writes() {
    return true; // downloads into the LFS cache
  }

  @Override
  public void run(SyncContext c) throws ArchiverException {
    c.lfs = new LfsCollector(c.options.cacheRoot(), c.options.lfsOptions(), c.progress)
        .collect(c.state, c.source, Set.of(), List.of());
  }

  @Override
  public void describe(SyncContext c) {
    c.progress.info("dry run: would collect the Git LFS objects of the source's refs and give each target those it lacks");
  }
}
