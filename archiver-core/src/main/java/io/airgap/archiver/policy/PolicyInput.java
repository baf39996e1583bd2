package io.airgap.archiver.policy;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.manifest.Manifest;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
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
    long contentSize) {}
