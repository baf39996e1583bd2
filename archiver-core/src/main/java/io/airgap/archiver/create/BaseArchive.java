package io.airgap.archiver.create;

import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The archive an incremental archive applies on top of: its id, source, refs, carried LFS objects,
 * and the dependency files its chain carries (keys {@code "<sha256>  <path>"}).
 */
public record BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids,
    Set<String> dependencyFiles) {
  public BaseArchive {
    refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    lfsOids = Collections.unmodifiableSet(new TreeSet<>(lfsOids == null ? Set.of() : lfsOids));
    dependencyFiles = Collections.unmodifiableSet(new TreeSet<>(dependencyFiles == null ? Set.of() : dependencyFiles));
  }

  public BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids) {
    this(archiveId, sourceId, refs, lfsOids, Set.of());
  }
}
