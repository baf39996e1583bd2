package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.steps.Step;
import java.io.IOException;

/**
 * Chooses the base of an incremental archive and what the receiver already holds; ends the run
 * when nothing changed since that base (unless empty archives were asked for).
 */
final class BaseStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Choosing the base archive";
  }

  @Override
  public boolean enabled(CreateContext c) {
    return c.options.baseSpec() != null || c.options.sinceLast() || c.options.reportedBase() != null;
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    BaseSelection selection = new BaseSelection(c.state, c.sourceId, c.options.cacheRoot(), c.locations, c.progress)
        .at(c.options.output().place(), c.options.remote() == null ? null : c.options.remote().display());
    c.base = c.options.reportedBase() != null
        ? selection.reported(c.options.reportedBase(), c.options.archiveName(), c.options.refFilter())
        : selection.select(c.options.baseSpec(), c.options.sinceLast());
    if (c.base.isEmpty()) {
      return;
    }
    BaseArchive base = c.base.get();
    if (base.refs().equals(c.state.refs()) && !c.options.allowEmpty()) {
      c.progress.info("nothing changed since archive " + base.archiveId() + "; no archive written");
      c.unchanged = true;
      return;
    }
    try {
      c.assumedCommits = selection.assumedCommits(base);
    } catch (IOException e) {
      throw new OperationFailedException("could not read the base's commits from the cache: " + e.getMessage(), e);
    }
    c.progress.info("incremental on top of archive " + base.archiveId());
  }
}
