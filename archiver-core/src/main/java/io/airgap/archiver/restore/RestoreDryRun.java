package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveVerifier;
import io.airgap.archiver.archive.EntrySink;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.git.RefAction;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.RemoteRefs;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Says what {@code restore} would apply and push, touching nothing: archives are verified without
 * extraction, the workspace is only read, the target's refs are only listed.
 */
public final class RestoreDryRun {
  private final TrustPolicy trust;
  private final ProgressListener progress;

  public RestoreDryRun(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  /** The archives that would be applied and each ref's change at the target. */
  public record Plan(List<String> applied, List<RefAction> actions, String head) {}

  public Plan run(List<ArchiveHeader> archives, Path workspace, RemoteAccess target, boolean prune)
      throws ArchiverException {
    WorkspaceState state = Files.exists(workspace) ? WorkspaceState.load(workspace)
        : new WorkspaceState(null, List.of(), null, null, null, null);
    for (ArchiveHeader h : archives) {
      state.requireSource(workspace, h.manifest().source() == null ? null : h.manifest().source().id());
    }
    ChainPlanner.Plan chain = ChainPlanner.plan(archives, state, progress);
    List<String> applied = new ArrayList<>();
    Manifest last = null;
    for (ArchiveHeader h : chain.archives()) {
      try (InputStream in = h.input().open()) {
        new ArchiveVerifier(trust, progress).verify(in, h.input().size(), EntrySink.DISCARD);
      } catch (IOException e) {
        throw new OperationFailedException("cannot read " + h.input().name() + ": " + e.getMessage(), e);
      }
      progress.info("dry run: would apply " + h.manifest().type() + " archive " + h.archiveId() + " (" + h.input().name() + ")");
      applied.add(h.archiveId());
      last = h.manifest();
    }
    SortedMap<String, String> wanted = last != null ? last.refs() : state.refs();
    String head = last != null ? last.head() : state.head();
    SortedMap<String, String> have = RemoteRefs.list(target);
    have.remove("HEAD");
    List<RefAction> actions = new ArrayList<>();
    wanted.forEach((ref, id) -> {
      String old = have.get(ref);
      RefAction.Kind kind = old == null ? RefAction.Kind.CREATE
          : old.equals(id) ? RefAction.Kind.UNCHANGED : RefAction.Kind.UPDATE;
      actions.add(new RefAction(ref, old, id, kind));
    });
    for (Map.Entry<String, String> e : have.entrySet()) {
      if (!wanted.containsKey(e.getKey()) && (e.getKey().startsWith("refs/heads/") || e.getKey().startsWith("refs/tags/")
          || e.getKey().startsWith("refs/notes/"))) {
        actions.add(new RefAction(e.getKey(), e.getValue(), null, prune ? RefAction.Kind.DELETE : RefAction.Kind.KEEP_EXTRA));
      }
    }
    long pushes = actions.stream().filter(a -> a.kind() != RefAction.Kind.UNCHANGED && a.kind() != RefAction.Kind.KEEP_EXTRA).count();
    progress.info("dry run: would push " + pushes + " ref change(s) to " + target.remote().display()
        + "; nothing was changed");
    return new Plan(applied, actions, head);
  }
}
