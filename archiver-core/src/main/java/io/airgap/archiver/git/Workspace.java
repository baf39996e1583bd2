package io.airgap.archiver.git;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingBundlePrerequisiteException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * The restore side's working area: a bare repository holding everything restored so far, and a
 * staging folder where archives are extracted and verified before anything reaches the repository.
 */
public final class Workspace implements AutoCloseable {
  private final Path dir;
  private final Repository repository;
  private Path wholePack;

  private Workspace(Path dir, Repository repository) {
    this.dir = dir;
    this.repository = repository;
  }

  public static Workspace open(Path dir) throws ArchiverException {
    Path gitDir = dir.resolve("repo.git");
    try {
      Files.createDirectories(dir);
      if (!Files.exists(gitDir.resolve("HEAD"))) {
        Git.init().setBare(true).setDirectory(gitDir.toFile()).call().close();
      }
      Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
      return new Workspace(dir, repo);
    } catch (Exception e) {
      throw new OperationFailedException("could not open the workspace " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A scratch workspace in {@code dir} that reads {@code borrowedGitDir}'s objects (as a git
   * alternate) and starts from copies of its refs (bundle prerequisites must be reachable from
   * refs), without ever writing there: what a dry run applies archives to.
   */
  public static Workspace openBorrowing(Path dir, Path borrowedGitDir) throws ArchiverException {
    Path objects = borrowedGitDir.resolve("objects");
    if (Files.isDirectory(objects)) {
      try {
        // before the repository is opened: JGit reads the alternates once
        Git.init().setBare(true).setDirectory(dir.resolve("repo.git").toFile()).call().close();
        Path info = Files.createDirectories(dir.resolve("repo.git").resolve("objects").resolve("info"));
        Files.writeString(info.resolve("alternates"), objects.toAbsolutePath() + "\n");
        copyRefs(borrowedGitDir, dir.resolve("repo.git"));
      } catch (Exception e) {
        throw new OperationFailedException("could not prepare a scratch workspace in " + dir + ": " + e.getMessage(), e);
      }
    }
    return open(dir);
  }

  private static void copyRefs(Path from, Path to) throws IOException {
    if (Files.exists(from.resolve("packed-refs"))) {
      Files.copy(from.resolve("packed-refs"), to.resolve("packed-refs"), StandardCopyOption.REPLACE_EXISTING);
    }
    try (Stream<Path> refs = Files.walk(from.resolve("refs"))) {
      for (Path ref : (Iterable<Path>) refs.filter(Files::isRegularFile)::iterator) {
        Path copy = to.resolve(from.relativize(ref).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(ref, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public Repository repository() {
    return repository;
  }

  /** A fresh, empty folder for one archive's extracted entries; the caller deletes it. */
  public Path newStagingDir() throws IOException {
    Path staging = dir.resolve("staging").resolve(UUID.randomUUID().toString());
    Files.createDirectories(staging);
    return staging;
  }

  /**
   * Brings the workspace's refs to the bundle's: fetches every ref of the bundle and, with
   * {@code removeOthers}, deletes workspace refs the bundle lacks. Returns the packs the bundle
   * became (none when the workspace already held all of it).
   */
  public List<Path> applyBundle(Path bundle, boolean removeOthers, ProgressListener progress, String baseArchiveId)
      throws ArchiverException {
    Set<Path> before = packs();
    wholePack = null;
    if (isPristine()) {
      try {
        StandaloneUnbundle.Outcome outcome = StandaloneUnbundle.apply(repository, bundle, progress, dir);
        if (outcome != StandaloneUnbundle.Outcome.NOT_STANDALONE) {
          List<Path> added = added(before);
          if (outcome == StandaloneUnbundle.Outcome.APPLIED_EXACTLY && added.size() == 1) {
            wholePack = added.get(0);
          }
          return added;
        }
      } catch (ArchiverException e) {
        try {
          emptyAgain();
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup); // the next run finds objects and unbundles by a checked fetch
        }
        throw e;
      }
    }
    try (Git git = new Git(repository)) {
      git.fetch()
          .setRemote(bundle.toAbsolutePath().toString())
          .setRefSpecs(new RefSpec("+refs/*:refs/*"))
          .setRemoveDeletedRefs(removeOthers)
          .setTagOpt(TagOpt.NO_TAGS)
          .setProgressMonitor(new JGitProgress(progress))
          .setTransportConfigCallback(UnbundleChecks::configure)
          .call();
    } catch (Exception e) {
      if (Causes.hasCause(e, MissingBundlePrerequisiteException.class)) {
        throw new OperationFailedException("the archive builds on commits that neither the workspace nor the target"
            + " holds (" + e.getMessage() + "): restore its base archive" + (baseArchiveId == null ? "" : " " + baseArchiveId)
            + " first", e);
      }
      throw UnbundleChecks.translate(e, bundle, repository, dir);
    }
    return added(before);
  }

  private List<Path> added(Set<Path> before) throws ArchiverException {
    Set<Path> added = packs();
    added.removeAll(before);
    return List.copyOf(added);
  }

  /** Holds no object and no ref, and borrows none: what a first archive is unbundled into. */
  private boolean isPristine() throws ArchiverException {
    try {
      return holdsNoObjects() && !repository.getRefDatabase().hasRefs()
          && !Files.exists(repository.getDirectory().toPath().resolve("objects/info/alternates"));
    } catch (IOException e) {
      throw new OperationFailedException("could not read the workspace's refs: " + e.getMessage(), e);
    }
  }

  /** Back to holding nothing, after a bundle was refused or failed while unbundled into a pristine workspace. */
  private void emptyAgain() throws IOException {
    repository.getObjectDatabase().close();
    Path gitDir = repository.getDirectory().toPath();
    try (Stream<Path> packFiles = Files.list(gitDir.resolve("objects/pack"));
        Stream<Path> refFiles = Files.walk(gitDir.resolve("refs"))) {
      for (Path file : (Iterable<Path>) Stream.concat(packFiles, refFiles).filter(Files::isRegularFile)::iterator) {
        Files.delete(file);
      }
    }
    Files.deleteIfExists(gitDir.resolve("packed-refs"));
  }

  /**
   * The workspace's one pack, when the last bundle applied was unbundled into an empty workspace and
   * its pack proven to hold exactly what the refs reach; null otherwise.
   */
  public Path wholePack() {
    return wholePack;
  }

  /** Whether the repository holds no object at all, packed or loose. */
  public boolean holdsNoObjects() throws ArchiverException {
    Path objects = repository.getDirectory().toPath().resolve("objects");
    try (Stream<Path> dirs = Files.list(objects)) {
      return packs().isEmpty() && dirs.noneMatch(d -> d.getFileName().toString().matches("[0-9a-f]{2}"));
    } catch (IOException e) {
      throw new OperationFailedException("could not read the workspace's objects: " + e.getMessage(), e);
    }
  }

  private Set<Path> packs() throws ArchiverException {
    Path packDir = repository.getDirectory().toPath().resolve("objects").resolve("pack");
    if (!Files.isDirectory(packDir)) {
      return new TreeSet<>();
    }
    try (Stream<Path> files = Files.list(packDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("pack-") && f.toString().endsWith(".pack"))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new OperationFailedException("could not list the workspace's packs: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
