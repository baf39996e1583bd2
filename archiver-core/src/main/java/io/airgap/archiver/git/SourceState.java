package io.airgap.archiver.git;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Repository;

/** A source's refs after fetching into the cache: the selected refs, the default branch, the cache repository. */
public record SourceState(Repository cache, SortedMap<String, String> refs, String head) {
  public SourceState {
    refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
  }
}
