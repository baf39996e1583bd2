package io.airgap.archiver.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which chains retention deletes. Creation times have one-second precision, so two chains written in
 * the same second (a mirror run right after another, on a fresh cache) cannot be ordered: neither may
 * be deleted as "older", or retention could delete the archive it was run after.
 */
class ArchiveChainsTest {
  private static ArchiveChains.Member member(String id, String base, String createdAt) {
    return new ArchiveChains.Member(id + ".tar.gz", id, base, createdAt, "src");
  }

  @Test
  void theChainsBeyondTheNewestKeep_areTheStrictlyOlderOnes() {
    List<ArchiveChains.Chain> chains = ArchiveChains.of(List.of(
        member("old-full", null, "2026-01-01T00:00:00Z"), member("old-incr", "old-full", "2026-01-02T00:00:00Z"),
        member("new-full", null, "2026-01-03T00:00:00Z")));
    List<String> deleted = ArchiveChains.beyond(chains, 1).stream()
        .flatMap(c -> c.members().stream().map(ArchiveChains.Member::archiveId)).toList();
    assertEquals(List.of("old-full", "old-incr"), deleted);
  }

  @Test
  void chainsEquallyNew_areBothKept_whicheverWayTheyAreListed() {
    List<ArchiveChains.Member> members = List.of(
        member("old-full", null, "2026-01-01T00:00:00Z"), member("old-incr", "old-full", "2026-01-03T00:00:00Z"),
        member("new-full", null, "2026-01-03T00:00:00Z"));
    for (List<ArchiveChains.Member> listed : List.of(members, List.of(members.get(2), members.get(1), members.get(0)))) {
      assertEquals(List.of(), ArchiveChains.beyond(ArchiveChains.of(listed), 1), listed.toString());
    }
  }
}
