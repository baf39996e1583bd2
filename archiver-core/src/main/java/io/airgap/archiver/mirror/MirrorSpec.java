package io.airgap.archiver.mirror;

import io.airgap.archiver.internal.Redaction;
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

  /** The source as shown: without the credentials a mirror file may write into it. */
  public String displaySource() {
    return Redaction.url(source);
  }

  /** Locations redacted: a spec that reaches a message or a debugger shows no password. */
  @Override
  public String toString() {
    return "MirrorSpec[name=" + name + ", source=" + displaySource() + ", fallbackSources="
        + fallbackSources.stream().map(Redaction::url).toList() + ", targets="
        + targets.stream().map(Redaction::url).toList() + ", backups=" + backups.stream().map(Redaction::url).toList()
        + ", bidirectional=" + bidirectional + ", interval=" + interval + "]";
  }
}
