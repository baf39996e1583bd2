package io.airgap.archiver.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups the archives of one location into chains — a full archive and every incremental built on
 * it, directly or through other incrementals — per source, newest chain first. Retention deletes
 * whole chains only, so no kept incremental ever loses the base it needs.
 */
public final class ArchiveChains {
  private ArchiveChains() {}

  /** One archive as a location lists it. */
  public record Member(String name, String archiveId, String baseId, String createdAt, String source) {}

  /**
   * One chain, oldest archive first. {@code complete} is false when its first archive is an
   * incremental whose base is not at this location (it cannot be restored from here alone).
   */
  public record Chain(String source, List<Member> members, boolean complete) {
    public Chain {
      members = List.copyOf(members);
    }

    /** The creation time of the chain's newest archive. */
    public String newest() {
      return members.stream().map(Member::createdAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse("");
    }
  }

  /** Every chain, grouped by source (sources in name order), newest chain first within a source. */
  public static List<Chain> of(List<Member> archives) {
    Map<String, Member> byId = new HashMap<>();
    archives.forEach(a -> byId.putIfAbsent(a.archiveId(), a));
    Map<String, List<Member>> chains = new LinkedHashMap<>();
    for (Member a : archives) {
      chains.computeIfAbsent(root(a, byId).archiveId(), k -> new ArrayList<>()).add(a);
    }
    List<Chain> result = new ArrayList<>();
    chains.forEach((rootId, members) -> {
      members.sort(Comparator.comparing(m -> m.createdAt() == null ? "" : m.createdAt()));
      Member root = byId.get(rootId);
      result.add(new Chain(String.valueOf(root.source()), members, root.baseId() == null));
    });
    result.sort(Comparator.comparing(Chain::source).thenComparing(Comparator.comparing(Chain::newest).reversed()));
    return result;
  }

  /**
   * The chains beyond the newest {@code keep} of each source: what retention deletes. A chain as new
   * as the last kept one stays too: creation times have one-second precision, so chains written in the
   * same second cannot be ordered, and deleting one could delete the archive just written.
   */
  public static List<Chain> beyond(List<Chain> chains, int keep) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, String> lastKeptNewest = new HashMap<>();
    List<Chain> old = new ArrayList<>();
    for (Chain c : chains) {
      if (seen.merge(c.source(), 1, Integer::sum) <= keep) {
        lastKeptNewest.put(c.source(), c.newest());
      } else if (!c.newest().equals(lastKeptNewest.get(c.source()))) {
        old.add(c);
      }
    }
    return old;
  }

  private static Member root(Member a, Map<String, Member> byId) {
    Member current = a;
    for (int hops = 0; current.baseId() != null && byId.containsKey(current.baseId()) && hops <= byId.size(); hops++) {
      current = byId.get(current.baseId());
    }
    return current;
  }
}
