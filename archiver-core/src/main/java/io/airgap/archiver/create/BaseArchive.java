package io.airgap.archiver.create;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The archive an incremental archive applies on top of: its id, source, refs, carried LFS objects,
 * the dependency files its chain carries (keys {@code "<sha256>  <path>"}), and whether its chain is
 * known to carry every LFS object its refs need ({@code lfsComplete}).
 */
public record BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids,
    Set<String> dependencyFiles, boolean lfsComplete) {
  public BaseArchive {
    refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    lfsOids = Collections.unmodifiableSet(new TreeSet<>(lfsOids == null ? Set.of() : lfsOids));
    dependencyFiles = Collections.unmodifiableSet(new TreeSet<>(dependencyFiles == null ? Set.of() : dependencyFiles));
  }

  public BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids,
      Set<String> dependencyFiles) {
    this(archiveId, sourceId, refs, lfsOids, dependencyFiles, false);
  }

  public BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids) {
    this(archiveId, sourceId, refs, lfsOids, Set.of(), false);
  }

  /**
   * The tips whose history's LFS objects the receiver holds once it has the base chain: the base's
   * refs if it is LFS-complete, else none, so the next LFS scan covers the whole history again and
   * picks up what the base lacked.
   */
  public Collection<String> lfsCoveredTips() {
    return lfsComplete ? List.copyOf(refs.values()) : List.of();
  }
}
