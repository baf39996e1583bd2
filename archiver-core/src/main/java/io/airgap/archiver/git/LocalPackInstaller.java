package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import io.airgap.archiver.base.RefChange;

/**
 * Restores to a bare repository on this machine without a push. A push would make JGit count,
 * write, index and connectivity-check every object a second time; instead the packs the archives'
 * bundles became in the workspace — already verified and indexed there — are hard-linked (or
 * copied) into the target, and the refs move in one atomic transaction carrying the same expected
 * old values a push would. Refuses (the caller then pushes) whenever the outcome could differ from
 * a push: a non-bare target, receive settings that forbid the change, or objects the target would
 * still lack.
 */
final class LocalPackInstaller {
  private final FileRepository target;
  private final RefTransactionNote note;
  private final ProgressListener progress;

  LocalPackInstaller(FileRepository target, Path workspaceGitDir, ProgressListener progress) {
    this.target = target;
    this.note = new RefTransactionNote(workspaceGitDir, target.getDirectory().toPath());
    this.progress = progress;
  }

  /** Installs and moves the refs; returns false, having changed no ref, when a push must do it. */
  boolean install(RestoredPacks packs, List<RefChange> actions) throws ArchiverException {
    if (!allowedByReceiveConfig(actions)) {
      return false;
    }
    try {
      for (Path pack : packs.packs()) {
        link(pack);
      }
      if (!complete(actions, packs.selfContained())) {
        return false;
      }
      return updateRefs(actions);
    } catch (IOException e) {
      throw new OperationFailedException("could not write to " + target.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  private boolean allowedByReceiveConfig(List<RefChange> actions) {
    if (!target.isBare()) {
      return false;
    }
    var config = target.getConfig();
    boolean forces = actions.stream().anyMatch(a -> a.kind() == RefChange.Kind.FORCE);
    boolean deletes = actions.stream().anyMatch(a -> a.kind() == RefChange.Kind.DELETE);
    return !(forces && config.getBoolean("receive", "denynonfastforwards", false))
        && !(deletes && config.getBoolean("receive", "denydeletes", false));
  }

  /** A pack is written under a hidden name and renamed; its index last, since Git finds packs by it. */
  private void link(Path pack) throws IOException {
    Path packDir = target.getObjectDatabase().getPackDirectory().toPath();
    Files.createDirectories(packDir);
    Litter.clean(packDir, progress);
    String base = pack.getFileName().toString().replaceFirst("\\.pack$", "");
    if (Files.exists(packDir.resolve(base + ".idx"))) {
      return;
    }
    for (String ext : List.of(".pack", ".idx")) {
      Path from = pack.resolveSibling(base + ext);
      Path to = packDir.resolve(base + ext);
      Files.deleteIfExists(to); // a pack without its index is invisible: left by an interrupted install
      try {
        Files.createLink(to, from);
      } catch (IOException | UnsupportedOperationException e) {
        try (AtomicFileWriter out = AtomicFileWriter.open(to); InputStream in = Files.newInputStream(from)) {
          in.transferTo(out.stream());
          out.commit();
        }
      }
    }
    progress.debug("installed " + base + " in " + packDir);
  }

  /**
   * Whether the target now holds everything the new refs reach. Packs from a workspace that was
   * empty before this restore hold it all (unbundling checked their connectivity against nothing
   * else); otherwise the new history is walked down to what the target's refs already reach.
   */
  private boolean complete(List<RefChange> actions, boolean selfContained) throws IOException {
    try (ObjectReader reader = target.newObjectReader(); ObjectWalk walk = new ObjectWalk(reader)) {
      for (RefChange action : actions) {
        if (action.kind().pushes() && action.kind() != RefChange.Kind.DELETE) {
          ObjectId id = ObjectId.fromString(action.archivedId());
          if (!reader.has(id)) {
            return false;
          }
          walk.markStart(walk.parseAny(id));
        }
      }
      if (selfContained) {
        return true;
      }
      for (Ref ref : target.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        if (ref.getObjectId() != null) {
          try {
            walk.markUninteresting(walk.parseAny(ref.getObjectId()));
          } catch (MissingObjectException e) {
            // a broken ref at the target: its history proves nothing
          }
        }
      }
      walk.checkConnectivity();
      return true;
    } catch (MissingObjectException e) {
      return false;
    }
  }

  private boolean updateRefs(List<RefChange> actions) throws IOException, ArchiverException {
    BatchRefUpdate batch = target.getRefDatabase().newBatchUpdate();
    batch.setAtomic(true);
    batch.setAllowNonFastForwards(true);
    batch.setRefLogMessage("archiver restore", false);
    List<ReceiveCommand> commands = new ArrayList<>();
    for (RefChange action : actions) {
      if (!action.kind().pushes()) {
        continue;
      }
      ObjectId oldId = action.targetId() == null ? ObjectId.zeroId() : ObjectId.fromString(action.targetId());
      ObjectId newId = action.kind() == RefChange.Kind.DELETE ? ObjectId.zeroId() : ObjectId.fromString(action.archivedId());
      ReceiveCommand.Type type = switch (action.kind()) {
        case CREATE -> ReceiveCommand.Type.CREATE;
        case DELETE -> ReceiveCommand.Type.DELETE;
        case FORCE -> ReceiveCommand.Type.UPDATE_NONFASTFORWARD;
        default -> ReceiveCommand.Type.UPDATE;
      };
      commands.add(new ReceiveCommand(oldId, newId, action.ref(), type));
    }
    if (commands.isEmpty()) {
      return true;
    }
    batch.addCommand(commands);
    note.clearLeftovers(progress);
    note.record(commands.stream().map(ReceiveCommand::getRefName).toList());
    try (RevWalk walk = new RevWalk(target)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    } finally {
      note.done();
    }
    List<String> rejected = new ArrayList<>();
    for (ReceiveCommand command : commands) {
      if (command.getResult() != ReceiveCommand.Result.OK) {
        rejected.add(command.getRefName() + " (" + command.getResult().name().toLowerCase().replace('_', ' ')
            + (command.getMessage() == null ? "" : ": " + command.getMessage()) + ")");
      }
    }
    if (!rejected.isEmpty()) {
      throw TargetRepository.rejected(target.getDirectory().toString(), rejected);
    }
    return true;
  }
}
