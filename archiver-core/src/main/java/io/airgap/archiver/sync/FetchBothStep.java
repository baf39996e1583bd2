package io.airgap.archiver.sync;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.steps.Step;

/** Brings what is new on both sides into each side's own cache mirror (the cache is only a cache: dry runs fetch too). */
final class FetchBothStep implements Step<TwoWayContext> {
  @Override
  public String title(TwoWayContext c) {
    return "Fetching " + c.a.display() + " and " + c.b.display();
  }

  @Override
  public void run(TwoWayContext c) throws ArchiverException {
    SourceMirror mirror = new SourceMirror(c.options.cacheRoot(), c.progress);
    c.stateA = mirror.fetch(c.a.access(), c.options.refFilter());
    c.stateB = mirror.fetch(c.b.access(), c.options.refFilter());
    c.progress.info(Plural.of(c.stateA.refs().size(), "ref") + " selected at " + c.a.display() + ", " + c.stateB.refs().size()
        + " at " + c.b.display());
  }
}
