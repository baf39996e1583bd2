package io.airgap.archiver.mirror;

import java.time.Duration;
import java.util.List;

/**
 * One entry of the mirror file: where it syncs from (and what to fall back to), where to, how
 * often, and what to keep of its backup archives.
 *
 * @param targets Git repositories to bring to the source's refs
 * @param backups archive locations ({@code s3://…} targets and {@code backup-to:} folders) that get
 *     a signed archive of each synced state
 * @param keepChains how many backup chains each location keeps (null: all)
 */
public record MirrorSpec(
    String name,
    String source,
    List<String> fallbackSources,
    int failoverAfter,
    List<String> targets,
    List<String> backups,
    boolean bidirectional,
    Duration interval,
    String onConflict,
    List<String> includeRefs,
    List<String> excludeRefs,
    boolean prune,
    String signKey,
    Integer keepChains) {

  public MirrorSpec {
    fallbackSources = List.copyOf(fallbackSources);
    targets = List.copyOf(targets);
    backups = List.copyOf(backups);
    includeRefs = List.copyOf(includeRefs);
    excludeRefs = List.copyOf(excludeRefs);
  }
}
