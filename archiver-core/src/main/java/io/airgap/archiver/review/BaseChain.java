package io.airgap.archiver.review;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The archives a base state is rebuilt from: the base archive, its base, … down to a full archive,
 * found among the archives {@code --base} named (files, folders, prefixes). Either the whole chain
 * or, when one link is absent, what is missing — a review never guesses the rest.
 */
record BaseChain(List<ArchiveInput> archives, String missing) {
  BaseChain {
    archives = List.copyOf(archives);
  }

  /** Whether every archive from a full one up to the base is at hand. */
  boolean complete() {
    return missing == null;
  }

  /**
   * The chain ending at {@code baseId}, oldest first. {@code childId} is the archive built on it (for
   * the message). Archives whose header cannot be read are skipped with a warning: they cannot be links.
   */
  static BaseChain of(String baseId, String childId, List<ArchiveInput> pool, ProgressListener progress) {
    Map<String, ArchiveHeader> byId = new HashMap<>();
    for (ArchiveInput input : pool) {
      try {
        ArchiveHeader header = ArchiveHeader.read(input);
        byId.putIfAbsent(header.archiveId(), header);
      } catch (ArchiverException e) {
        progress.warn("skipping " + input.name() + " while looking for the base chain: " + e.getMessage());
      }
    }
    List<ArchiveInput> chain = new ArrayList<>();
    String wanted = baseId;
    String child = childId;
    while (wanted != null) {
      ArchiveHeader header = byId.remove(wanted); // removed: a cycle of ids ends as a missing link
      if (header == null) {
        return new BaseChain(List.of(), "the chain lacks archive " + wanted + " (the base of " + child
            + "); put it in the --base folder, or name it with another --base");
      }
      chain.add(header.input());
      child = wanted;
      wanted = header.manifest().base() == null ? null : header.manifest().base().archiveId();
    }
    Collections.reverse(chain);
    return new BaseChain(chain, null);
  }
}
