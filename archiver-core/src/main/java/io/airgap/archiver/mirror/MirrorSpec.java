package io.airgap.archiver.mirror;

import io.airgap.archiver.internal.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of the mirror file: where it syncs from (and what to fall back to), where to, how
 * often, and what to keep of its backup archives.
 *
 * @param targets Git repositories to bring to the source's refs
 * @param backups archive locations ({@code s3://…} targets and {@code backup-to:} folders) that get
 *     a signed archive of each synced state
 * @param keepChains how many backup chains each location keeps (null: all)
 * @param lfs whether Git LFS objects move too ({@code lfs: false}: refs only)
 * @param lfsUrls the Git LFS server of a source or target (by its location as written), where the
 *     one derived from its URL is wrong ({@code git://}, {@code ssh://})
 * @param policy the content policy file every sync must pass (as {@code --policy}), or null
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
    Integer keepChains,
    boolean lfs,
    Map<String, String> lfsUrls,
    Path policy) {

  public MirrorSpec {
    fallbackSources = List.copyOf(fallbackSources);
    targets = List.copyOf(targets);
    backups = List.copyOf(backups);
    includeRefs = List.copyOf(includeRefs);
    excludeRefs = List.copyOf(excludeRefs);
    lfsUrls = Map.copyOf(lfsUrls);
  }

  /** The LFS servers named for this mirror's targets, by target. */
  public Map<String, String> targetLfsUrls() {
    Map<String, String> byTarget = new java.util.LinkedHashMap<>();
    targets.stream().filter(lfsUrls::containsKey).forEach(t -> byTarget.put(t, lfsUrls.get(t)));
    return byTarget;
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
        + ", bidirectional=" + bidirectional + ", interval=" + interval + ", lfs=" + lfs + ", lfsUrls="
        + lfsUrls.values().stream().map(Redaction::url).toList() + ", policy=" + policy + "]";
  }
}
