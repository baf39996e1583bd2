package io.airgap.archiver.git;

import io.airgap.archiver.base.RefChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Counts the commits a set of ref changes brought: reachable from the new values, not from the old ones. */
public final class CommitCounter {
  private CommitCounter() {}

  /** The count, read from the repository at {@code gitDir}; 0 when it cannot be read (a count is only reported). */
  public static long count(Path gitDir, Collection<RefChange> changes) {
    if (changes.isEmpty() || !Files.isDirectory(gitDir)) {
      return 0;
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo)) {
      walk.setRetainBody(false);
      for (RefChange c : changes) {
        mark(walk, c.archivedId(), false);
        mark(walk, c.targetId(), true);
      }
      long n = 0;
      for (RevCommit ignored : walk) {
        n++;
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void mark(RevWalk walk, String id, boolean uninteresting) {
    if (id == null) {
      return;
    }
    try {
      RevObject o = walk.peel(walk.parseAny(ObjectId.fromString(id)));
      if (o instanceof RevCommit commit) {
        if (uninteresting) {
          walk.markUninteresting(commit);
        } else {
          walk.markStart(commit);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // an old value the source never had (the target moved on its own): nothing to subtract
    }
  }
}
