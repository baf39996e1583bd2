package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.git.CommitCounter;
import io.airgap.archiver.git.RestoredPacks;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.lfs.LfsCollector;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.steps.Step;
import java.util.List;
import java.util.Set;

/**
 * Carries one direction of a bidirectional sync: the LFS objects of the changing side's refs first
 * (collected from its LFS server into the cache, uploaded to the other side's), then the ref changes,
 * pushed from the cache mirror that holds their objects. A failure becomes that side's outcome.
 */
final class TwoWaySideStep implements Step<TwoWayContext> {
  private final boolean toB;

  TwoWaySideStep(boolean toB) {
    this.toB = toB;
  }

  @Override
  public String title(TwoWayContext c) {
    return "Syncing " + from(c).display() + " -> " + to(c).display();
  }

  @Override
  public boolean writes() {
    return true;
  }

  private SyncTarget from(TwoWayContext c) {
    return toB ? c.a : c.b;
  }

  private SyncTarget to(TwoWayContext c) {
    return toB ? c.b : c.a;
  }

  private List<RefChange> actions(TwoWayContext c) {
    return toB ? c.plan.toB() : c.plan.toA();
  }

  @Override
  public void describe(TwoWayContext c) {
    List<RefChange> actions = actions(c);
    if (!actions.isEmpty()) {
      c.progress.info("dry run: would give " + to(c).display() + " the Git LFS objects it lacks and push "
          + actions.size() + " ref change(s); nothing was changed");
    }
    c.outcomes.add(new TargetOutcome(to(c).display(), TargetOutcome.Status.OK, actions, null));
  }

  @Override
  public void run(TwoWayContext c) {
    List<RefChange> actions = actions(c);
    SyncTarget to = to(c);
    if (actions.isEmpty()) {
      c.outcomes.add(new TargetOutcome(to.display(), TargetOutcome.Status.OK, actions, null));
      return;
    }
    SourceState origin = toB ? c.stateA : c.stateB;
    try {
      if (c.options.lfs()) {
        LfsCollection lfs = lfs(c, toB);
        if (!lfs.carried().isEmpty()) {
          new LfsUploader(to.lfs(), c.progress).upload(lfs.files()::get, lfs.carried());
        }
      }
      to.repository().push(origin.cache(), actions, new RestoredPacks(List.of(), false));
      if (toB) {
        c.pushedB = true;
      } else {
        c.pushedA = true;
      }
      c.outcomes.add(new TargetOutcome(to.display(), TargetOutcome.Status.OK, actions, null,
          CommitCounter.count(origin.cache().getDirectory().toPath(), actions)));
    } catch (ArchiverException | RuntimeException e) {
      c.progress.warn("sync to " + to.display() + " failed: " + e.getMessage());
      c.outcomes.add(new TargetOutcome(to.display(), TargetOutcome.Status.FAILED, actions, e.getMessage()));
    }
  }

  /** The LFS objects of one direction's origin refs, collected into the cache once per run (the policy step may have). */
  static LfsCollection lfs(TwoWayContext c, boolean toB) throws ArchiverException {
    if (!c.options.lfs()) {
      return LfsCollection.NONE;
    }
    LfsCollection known = toB ? c.lfsToB : c.lfsToA;
    if (known == null) {
      TwoWaySideStep side = new TwoWaySideStep(toB);
      known = new LfsCollector(c.options.cacheRoot(), side.lfsOptions(c), c.progress)
          .collect(toB ? c.stateA : c.stateB, side.from(c).access(), Set.of(), List.of());
      if (toB) {
        c.lfsToB = known;
      } else {
        c.lfsToA = known;
      }
    }
    return known;
  }

  /** The origin side's LFS server: A's from the source options, B's from its target endpoint when that is a server. */
  private LfsOptions lfsOptions(TwoWayContext c) {
    LfsOptions base = c.options.lfsOptions();
    if (toB) {
      return base;
    }
    var endpoint = c.b.lfs().endpoint();
    // an SSH side named no LFS server: the collector asks its SSH server (git-lfs-authenticate), as for a source
    boolean askSsh = endpoint.derivedFrom() != null && c.b.access().remote().isSsh();
    String url = endpoint.isLocal() || askSsh ? null : endpoint.url().toString();
    return new LfsOptions(base.scope(), url, base.allowMissing(), base.transfers());
  }
}
