package io.airgap.archiver.sync;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.steps.Step;

/**
 * Brings what is new at the source into its cache mirror and selects the refs to sync. The cache is
 * only a cache, so a dry run fetches too: its plan then compares the same objects the real run would.
 */
final class FetchSourceStep implements Step<SyncContext> {
  @Override
  public String title(SyncContext c) {
    return "Fetching " + c.options.source().display();
  }

  @Override
  public void run(SyncContext c) throws ArchiverException {
    c.state = new SourceMirror(c.options.cacheRoot(), c.progress).fetch(c.source, c.options.refFilter());
    if (c.state.refs().isEmpty()) {
      throw new InvalidRequestException("the source has no refs to sync (selected: "
          + (c.options.includeRefs().isEmpty() ? "the default refs" : String.join(", ", c.options.includeRefs())) + ")");
    }
    c.progress.info(Plural.of(c.state.refs().size(), "ref") + " selected at " + c.options.source().display());
  }
}
