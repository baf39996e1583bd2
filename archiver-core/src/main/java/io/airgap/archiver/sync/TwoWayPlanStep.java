package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Decides what goes which way against the last synced state. Conflicts under {@code fail} end the
 * run here, before either side is touched, naming each ref and both tips.
 */
final class TwoWayPlanStep implements Step<TwoWayContext> {
  @Override
  public String title(TwoWayContext c) {
    return "Comparing " + c.a.display() + " with " + c.b.display();
  }

  @Override
  public void run(TwoWayContext c) throws ArchiverException {
    c.last = c.stateFile.load();
    if (c.last.isEmpty()) {
      c.progress.info("first bidirectional sync of this pair: refs that differ become conflicts unless one side"
          + " only adds to the other");
    }
    c.plan = new TwoWayPlanner((older, newer) -> isAncestor(c.stateA.cache(), older, newer)
        || isAncestor(c.stateB.cache(), older, newer))
        .plan(c.stateA.refs(), c.stateB.refs(), c.last, c.options.conflictPolicy());
    for (String tag : c.plan.keptTags()) {
      c.progress.warn(tag + " differs between the two sides and is left alone: tags never move once both sides have them");
    }
    if (!c.plan.conflicts().isEmpty()) {
      List<String> named = c.plan.conflicts().stream().map(x -> x.ref() + " (" + c.a.display() + " at "
          + shortId(x.a()) + ", " + c.b.display() + " at " + shortId(x.b()) + ")").toList();
      String message = c.plan.conflicts().size() + " ref(s) changed on both sides since the last sync, so neither"
          + " side was changed: " + String.join(", ", named.subList(0, Math.min(20, named.size())))
          + (named.size() > 20 ? ", ..." : "") + ". Use --on-conflict source-wins or target-wins to pick a side.";
      c.progress.warn(message);
      List<RefChange> atA = new ArrayList<>();
      List<RefChange> atB = new ArrayList<>();
      c.plan.conflicts().forEach(x -> {
        atA.add(new RefChange(x.ref(), x.a(), x.b(), RefChange.Kind.CONFLICT));
        atB.add(new RefChange(x.ref(), x.b(), x.a(), RefChange.Kind.CONFLICT));
      });
      c.outcomes.add(new TargetOutcome(c.a.display(), TargetOutcome.Status.CONFLICT, atA, message));
      c.outcomes.add(new TargetOutcome(c.b.display(), TargetOutcome.Status.CONFLICT, atB, message));
      c.stopped = true;
    } else if (c.plan.toA().isEmpty() && c.plan.toB().isEmpty()) {
      c.progress.info("both sides already agree; nothing to push");
    }
  }

  private static String shortId(String id) {
    return id == null ? "(deleted)" : id.substring(0, Math.min(12, id.length()));
  }

  private static boolean isAncestor(Repository repo, String older, String newer) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevObject o = walk.parseAny(ObjectId.fromString(older));
      RevObject n = walk.parseAny(ObjectId.fromString(newer));
      return o instanceof RevCommit oc && n instanceof RevCommit nc && walk.isMergedInto(oc, nc);
    } catch (MissingObjectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
