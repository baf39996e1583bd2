package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.util.sha1.Sha1CollisionException;

/**
 * Keeps a bare mirror of each source in a cache folder, so a second run fetches only what is new.
 * Every ref is mirrored (deleted refs are pruned); the {@link RefFilter} decides what is archived.
 */
public final class SourceMirror {
  private final Path cacheRoot;
  private final ProgressListener progress;
  private final CollisionScreen.Input screened;

  public SourceMirror(Path cacheRoot, ProgressListener progress) {
    this(cacheRoot, progress, CollisionScreen.GIT_OBJECT);
  }

  /** For a test only: what the collision screen hashes per object (see {@link CollisionScreen.Input}). */
  SourceMirror(Path cacheRoot, ProgressListener progress, CollisionScreen.Input screened) {
    this.cacheRoot = cacheRoot;
    this.progress = progress;
    this.screened = screened;
  }

  /** The lock file that serialises runs on one source's cache. */
  public Path lockFileFor(GitRemote remote) {
    return cacheRoot.resolve("locks").resolve(cacheDirFor(remote).getFileName() + ".lock");
  }

  /** A scratch folder for one source's run, emptied at the start of each run (under the lock). */
  public Path workDirFor(GitRemote remote) {
    return cacheRoot.resolve("tmp").resolve(cacheDirFor(remote).getFileName().toString());
  }

  /** The cache folder of one source, named after its location so distinct sources never share it. */
  public Path cacheDirFor(GitRemote remote) {
    String key = Sha256.of(remote.display().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    return cacheRoot.resolve("sources").resolve(remote.humanName() + "-" + key + ".git");
  }

  /** Fetches into the cache and returns the selected refs; the caller closes the repository. */
  public SourceState fetch(RemoteAccess access, RefFilter filter) throws ArchiverException {
    GitRemote remote = access.remote();
    if (remote.localPath() != null && !Files.isDirectory(remote.localPath())) {
      throw new io.airgap.archiver.base.InvalidRequestException("source " + remote.display() + " does not exist");
    }
    Path dir = cacheDirFor(remote);
    StaleGitLocks.clear(dir, progress);
    Repository repo = openOrInit(dir);
    try {
      FetchResult result = fetchWithRetry(repo, access);
      String head = resolveHead(repo, result);
      SortedMap<String, String> refs = new TreeMap<>();
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        if (!ref.isSymbolic() && ref.getObjectId() != null && filter.accepts(ref.getName())) {
          refs.put(ref.getName(), ref.getObjectId().name());
        }
      }
      if (head != null && !refs.containsKey(head)) {
        head = null;
      }
      return new SourceState(repo, refs, head);
    } catch (IOException e) {
      repo.close();
      throw new OperationFailedException("could not read the cache at " + dir + ": " + e.getMessage(), e);
    } catch (ArchiverException | RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  private FetchResult fetchWithRetry(Repository repo, RemoteAccess access) throws ArchiverException {
    GitRemote remote = access.remote();
    try (Git git = new Git(repo); ObjectHashing hashing = ObjectHashing.forScreenedFetch()) {
      if (remote.localPath() != null) {
        return Retry.standard().run("fetch from " + remote.display(), GitFailures::isRetryable, progress,
            () -> CollisionScreen.around(repo, progress, screened, screen -> LocalSourceTransport.fetch(repo,
                remote.localPath(), new RefSpec("+refs/*:refs/*"), true, screen::on, new JGitProgress(progress))));
      }
      return Retry.standard().run("fetch from " + remote.display(), GitFailures::isRetryable, progress,
          () -> CollisionScreen.around(repo, progress, screened, screen -> access.configure(git.fetch())
              .setTransportConfigCallback(t -> screen.on(access.configured(t)))
              .setRemote(remote.uri().toString())
              .setRefSpecs(new RefSpec("+refs/*:refs/*"))
              .setRemoveDeletedRefs(true)
              .setTagOpt(TagOpt.NO_TAGS)
              .setProgressMonitor(new JGitProgress(progress))
              .call()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("fetch interrupted", e);
    } catch (Sha1CollisionException e) {
      throw collisionFrom(remote, repo, e);
    } catch (Exception e) {
      if (Causes.hasCause(e, Sha1CollisionException.class)) {
        throw collisionFrom(remote, repo, Causes.find(e, Sha1CollisionException.class));
      }
      if (remote.localPath() != null) {
        var missing = MissingObjectFinder.describeMissing(remote.localPath());
        if (missing.isPresent()) {
          throw new OperationFailedException("fetching from " + remote.display() + " failed: the repository is missing object "
              + missing.get() + "; it is corrupt or incomplete — run 'git fsck --full' in it", e);
        }
      }
      throw GitFailures.translate("fetching from", remote, e);
    }
  }

  /**
   * A source that sent an object crafted to collide: the cache now holds it under refs that would
   * archive it (a later fetch would bring nothing new to screen), so the cache is removed before the
   * failure is reported; the caller closes the repository.
   */
  private OperationFailedException collisionFrom(GitRemote remote, Repository repo, Sha1CollisionException e) {
    Path dir = repo.getDirectory().toPath();
    String removed = removeCache(dir) ? "its cache was removed" : "remove its cache " + dir + " by hand";
    return new OperationFailedException(remote.display() + " sent an object crafted to collide under SHA-1 ("
        + e.getMessage() + "); nothing was archived and " + removed, e);
  }

  /**
   * JGit's fetch leaves a background auto-gc check that takes and drops gc.log.lock in the cache: a
   * delete racing it sees a file vanish or appear, and is tried again.
   */
  private static boolean removeCache(Path dir) {
    for (int attempt = 1; ; attempt++) {
      try {
        FileTrees.deleteRecursively(dir);
        return true;
      } catch (NoSuchFileException | DirectoryNotEmptyException e) {
        if (attempt == 10) {
          return false;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** The source's default branch, from its advertised symbolic HEAD, else the branch HEAD points at. */
  private static String resolveHead(Repository repo, FetchResult result) throws IOException {
    Ref advertised = result.getAdvertisedRef(Constants.HEAD);
    String head = null;
    if (advertised != null && advertised.isSymbolic()) {
      head = advertised.getTarget().getName();
    } else if (advertised != null && advertised.getObjectId() != null) {
      for (String candidate : List.of("refs/heads/main", "refs/heads/master")) {
        Ref r = repo.exactRef(candidate);
        if (r != null && advertised.getObjectId().equals(r.getObjectId())) {
          head = candidate;
          break;
        }
      }
      if (head == null) {
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
          if (advertised.getObjectId().equals(r.getObjectId())) {
            head = r.getName();
            break;
          }
        }
      }
    }
    if (head != null) {
      RefUpdate link = repo.updateRef(Constants.HEAD);
      link.disableRefLog();
      link.link(head);
    }
    return head;
  }

  private static Repository openOrInit(Path dir) throws ArchiverException {
    try {
      if (!Files.exists(dir.resolve("HEAD"))) {
        Files.createDirectories(dir.getParent());
        Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
      }
      return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    } catch (Exception e) {
      throw new OperationFailedException("could not open the source cache " + dir + ": " + e.getMessage()
          + " (remove the folder to start afresh, or choose another --cache)", e);
    }
  }
}
