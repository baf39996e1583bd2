package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Unbundles a bundle without prerequisites into a repository that holds nothing yet: the pack is
 * indexed with a {@link StandaloneGraphCheck}, which proves it complete as it goes, and the refs are
 * written only after that proof. A fetch would walk the whole new history again to prove the same,
 * a quarter of a large restore. If the proof or the ref update fails, the caller empties the
 * repository again; a run killed in between leaves a pack and no refs, which the next run, finding
 * the repository no longer empty, unbundles by a checked fetch.
 */
final class StandaloneUnbundle {
  private static final int REPORTED = 5;

  private StandaloneUnbundle() {}

  /** What {@link #apply} did. */
  enum Outcome {
    /** Nothing: the bundle has prerequisites. */
    NOT_STANDALONE,
    APPLIED,
    /** Applied, and the pack holds exactly what the refs reach, nothing more. */
    APPLIED_EXACTLY
  }

  /** Indexes the pack, proves it complete, then writes the bundle's refs under {@code refs/}. */
  static Outcome apply(Repository repository, Path bundle, ProgressListener progress, Path workspace)
      throws ArchiverException {
    StandaloneGraphCheck check = new StandaloneGraphCheck();
    BundleHeader header;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 16)) {
      header = BundleHeader.read(in);
      if (!header.prerequisites().isEmpty()) {
        return Outcome.NOT_STANDALONE;
      }
      header.refs().forEach((name, id) -> check.want(ObjectId.fromString(id), name.startsWith("refs/")));
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        InputStream pack = new SequenceInputStream(
            new ByteArrayInputStream("PACK".getBytes(StandardCharsets.US_ASCII)), in);
        PackParser parser = inserter.newPackParser(pack);
        parser.setAllowThin(false);
        parser.setObjectChecker(check);
        parser.parse(new JGitProgress(progress));
        inserter.flush();
      }
    } catch (Exception e) {
      throw e instanceof ArchiverException known ? known : UnbundleChecks.translate(e, bundle, repository, workspace);
    }
    requireStandalone(check.gaps(REPORTED), header.refs());
    writeRefs(repository, header.refs());
    return check.everyObjectReachedFromTips() ? Outcome.APPLIED_EXACTLY : Outcome.APPLIED;
  }

  private static void requireStandalone(StandaloneGraphCheck.Gaps gaps, Map<String, String> refs)
      throws UntrustedArchiveException {
    if (gaps.none()) {
      return;
    }
    List<String> missingTips = new ArrayList<>();
    refs.forEach((name, id) -> {
      if (gaps.missing().contains(ObjectId.fromString(id)) && missingTips.size() < REPORTED) {
        missingTips.add(name + " at " + id);
      }
    });
    if (!missingTips.isEmpty()) {
      throw UnbundleChecks.lacksTips(missingTips, null);
    }
    if (!gaps.missing().isEmpty()) {
      throw new UntrustedArchiveException("repo.bundle's pack does not contain the complete history of the refs"
          + " its header lists (it lacks " + names(gaps.missing()) + ", which its own objects name)" + UnbundleChecks.REFUSED);
    }
    throw new UntrustedArchiveException("repo.bundle's pack is corrupt (" + names(gaps.mistyped())
        + " named as one type of object but stored as another)" + UnbundleChecks.REFUSED);
  }

  private static String names(List<ObjectId> ids) {
    return ids.stream().map(ObjectId::name).collect(Collectors.joining(", "));
  }

  /** All of the bundle's refs under {@code refs/} at once, as the fetch it replaces wrote them. */
  private static void writeRefs(Repository repository, Map<String, String> refs) throws ArchiverException {
    BatchRefUpdate batch = repository.getRefDatabase().newBatchUpdate()
        .setAtomic(true)
        .setAllowNonFastForwards(true)
        .disableRefLog(); // the workspace keeps none; looking for each ref's log was a fifth of the update
    refs.forEach((name, id) -> {
      if (name.startsWith("refs/")) {
        batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), ObjectId.fromString(id), name));
      }
    });
    try (RevWalk walk = new RevWalk(repository)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    } catch (IOException e) {
      throw new OperationFailedException("could not record the bundle's refs in the workspace: " + e.getMessage(), e);
    }
    for (ReceiveCommand command : batch.getCommands()) {
      if (command.getResult() != ReceiveCommand.Result.OK) {
        throw new OperationFailedException("could not record " + command.getRefName() + " in the workspace: "
            + command.getResult() + (command.getMessage() == null ? "" : " (" + command.getMessage() + ")"));
      }
    }
  }
}
