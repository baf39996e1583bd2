package io.airgap.archiver.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Finds an object a local repository's refs need but it does not hold. Used only after a failed
 * fetch, because the in-process server reports such corruption as a bare "internal server error".
 */
final class MissingObjectFinder {
  private MissingObjectFinder() {}

  /** The first missing object and the ref that needs it, if the repository at {@code path} is incomplete. */
  static Optional<String> describeMissing(Path path) {
    Path gitDir = Files.isDirectory(path.resolve(Constants.DOT_GIT)) ? path.resolve(Constants.DOT_GIT) : path;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        ObjectWalk walk = new ObjectWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        if (ref.getObjectId() == null) {
          continue;
        }
        try {
          walk.markStart(walk.parseAny(ref.getObjectId()));
        } catch (MissingObjectException e) {
          return Optional.of(e.getObjectId().name() + " (the tip of " + ref.getName() + ")");
        }
      }
      ObjectReader reader = walk.getObjectReader();
      try {
        while (walk.next() != null) {
          // commits are parsed as they are walked
        }
        RevObject o;
        while ((o = walk.nextObject()) != null) {
          if (!reader.has(o)) {
            return Optional.of(o.name() + " (" + walk.getPathString() + ")");
          }
        }
      } catch (MissingObjectException e) {
        return Optional.of(e.getObjectId().name() + " (" + e.getMessage() + ")");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
