package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.lfs.LfsCollector;
import io.airgap.archiver.steps.Step;
import java.util.List;
import java.util.Set;

/** Collects the Git LFS objects the selected refs need, except those the base chain carried. */
final class LfsStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Collecting Git LFS objects";
  }

  @Override
  public boolean enabled(CreateContext c) {
    return c.options.lfs();
  }

  @Override
  public boolean writes() {
    return true; // downloads into the LFS cache, and needs the fetched history
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    c.lfs = new LfsCollector(c.options.cacheRoot(), c.options.lfsOptions(), c.progress).collect(c.state, c.access,
        c.base.map(BaseArchive::lfsOids).orElse(Set.of()), c.base.map(BaseArchive::lfsCoveredTips).orElse(List.of()));
    c.payload.addAll(c.lfs.entries());
  }

  @Override
  public void describe(CreateContext c) {
    c.progress.info("dry run: would collect the Git LFS objects of " + c.options.lfsOptions().scope().name()
        .toLowerCase(java.util.Locale.ROOT) + (c.base.isPresent() ? " not carried by the base chain" : ""));
  }
}
