package io.airgap.archiver.policy;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jgit.lib.Repository;

/**
 * What one transfer brings, as the policy sees it: the repository holding its history, the refs
 * and the commits the receiver already holds, its LFS objects and dependencies, and its size.
 *
 * @param lfsContent opens an LFS object's content by oid (null, or a null result: checked by size only)
 * @param dependencies the manifest's dependency records; licence rules read their {@code license}
 * @param contentSize the archive's content in bytes, or -1 when not known
 */
public record PolicyInput(
    Repository repository,
    SortedMap<String, String> refs,
    Set<String> assumed,
    List<Manifest.LfsObject> lfs,
    Function<String, PayloadEntry.Opener> lfsContent,
    List<Dependency> dependencies,
    long contentSize) {

  /**
   * What a push brings a target that already holds some history: the refs the plan creates or moves,
   * with every commit the target's refs name (from the plan, and {@code alsoHeld}) taken as held there.
   *
   * @param lfsFile where an LFS object's content is on disk, or null (checked by size only)
   */
  public static PolicyInput ofPush(Repository repository, List<RefChange> plan, Collection<String> alsoHeld,
      List<Manifest.LfsObject> lfs, Function<String, Path> lfsFile, List<Dependency> dependencies, long contentSize) {
    SortedMap<String, String> pushed = new TreeMap<>();
    Set<String> held = new HashSet<>(alsoHeld);
    for (RefChange a : plan) {
      if (a.targetId() != null) {
        held.add(a.targetId());
      }
      if (a.archivedId() != null && a.kind().pushes() && a.kind() != RefChange.Kind.DELETE) {
        pushed.put(a.ref(), a.archivedId());
      }
    }
    return new PolicyInput(repository, pushed, held, lfs, oid -> {
      Path file = lfsFile.apply(oid);
      return file != null && Files.isRegularFile(file) ? (PayloadEntry.Opener) () -> Files.newInputStream(file) : null;
    }, dependencies, contentSize);
  }
}
