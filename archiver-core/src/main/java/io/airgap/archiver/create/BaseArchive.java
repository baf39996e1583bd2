package io.airgap.archiver.create;

import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** The archive an incremental archive applies on top of: its id, source, refs and carried LFS objects. */
public record BaseArchive(String archiveId, String sourceId, SortedMap<String, String> refs, Set<String> lfsOids) {
  public BaseArchive {
    refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    lfsOids = Collections.unmodifiableSet(new TreeSet<>(lfsOids == null ? Set.of() : lfsOids));
  }
}
