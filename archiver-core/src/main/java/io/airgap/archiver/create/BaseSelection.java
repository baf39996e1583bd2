package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.archive.ArchiveLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Picks the base of an incremental archive — named with {@code --base}, or with {@code --since-last}
 * the catalog's latest archive written to the same place (folder or prefix) — and checks the cache
 * holds its commits. With {@code --since-last}
 * any problem falls back to a full archive with a warning; with {@code --base} it is an error.
 * A dry run passes a state without a cache when no run has made one; then commits are not checked.
 */
public final class BaseSelection {
  private final SourceState state;
  private final String sourceId;
  private final Path cacheRoot;
  private final ArchiveLocations locations;
  private final ProgressListener progress;
  private String place;
  private String sourceName;

  public BaseSelection(SourceState state, String sourceId, Path cacheRoot, ArchiveLocations locations,
      ProgressListener progress) {
    this.state = state;
    this.sourceId = sourceId;
    this.cacheRoot = cacheRoot;
    this.locations = locations;
    this.progress = progress;
  }

  /**
   * Where the archive goes ({@link ArchiveOutput#place()}): {@code --since-last} looks only there, so
   * an archive never builds on one that lives elsewhere. {@code sourceName} is for messages (may be null).
   */
  public BaseSelection at(String outputPlace, String name) {
    this.place = outputPlace;
    this.sourceName = name;
    return this;
  }

  /** The chosen base, or empty for a full archive. */
  public Optional<BaseArchive> select(String baseSpec, boolean sinceLast) throws ArchiverException {
    if (baseSpec == null && !sinceLast) {
      return Optional.empty();
    }
    Catalog catalog;
    try {
      // a dry run before any real run knows no source id yet: its catalog is empty
      catalog = Catalog.open(cacheRoot, sourceId == null ? "unknown-source" : sourceId);
    } catch (IOException e) {
      if (baseSpec == null) {
        return fallBack("the catalog of this source is unreadable (" + e.getMessage() + ")");
      }
      throw new InvalidRequestException("the catalog of this source is unreadable: " + e.getMessage());
    }
    BaseResolver resolver = new BaseResolver(catalog, locations);
    if (baseSpec == null) {
      Optional<Catalog.Entry> latest = place == null ? catalog.latest() : catalog.latestAt(place);
      if (latest.isEmpty()) {
        progress.info("no earlier archive of " + (sourceName == null ? "this source" : sourceName)
            + (place == null ? "" : " at " + place) + ": writing a full archive");
        return Optional.empty();
      }
      Optional<String> gone = place == null ? Optional.empty() : gone(latest.get(), place);
      if (gone.isPresent()) {
        return fallBack("the last archive of this source at " + place + " (" + gone.get() + ") is no longer there");
      }
      BaseArchive base = resolver.fromCatalog(latest.get());
      Optional<String> missing = missingCommit(base);
      if (missing.isPresent()) {
        return fallBack("the last archive's " + missing.get() + " is no longer in the cache");
      }
      return Optional.of(base);
    }
    BaseArchive base = resolver.resolve(baseSpec);
    if (base.sourceId() != null && sourceId != null && !base.sourceId().equals(sourceId)) {
      throw new InvalidRequestException("the base archive " + base.archiveId() + " is of source " + base.sourceId()
          + ", not of this source (" + sourceId + ")");
    }
    Optional<String> missing = missingCommit(base);
    if (missing.isPresent()) {
      throw new InvalidRequestException("the base's " + missing.get() + " is not in this source's history"
          + " (cache " + state.cache().getDirectory() + "); create a full archive instead");
    }
    return Optional.of(base);
  }

  /**
   * The base the air-gapped side reports holding: its refs (those {@code filter} selects) are the tips it has, and
   * each must be in this source's history, or the receipt does not describe this source's archives (exit 3). Its LFS
   * objects and dependencies come from the catalog's chain when the catalog knows the archive, else none are assumed.
   */
  public Optional<BaseArchive> reported(ReportedBase reported, String archiveName,
      RefFilter filter) throws ArchiverException {
    Optional<BaseArchive> given = reported.forSource(sourceId, archiveName);
    if (given.isEmpty()) {
      return Optional.empty();
    }
    SortedMap<String, String> refs = new TreeMap<>();
    given.get().refs().forEach((name, id) -> {
      if (filter.accepts(name)) {
        refs.put(name, id);
      }
    });
    BaseArchive base = new BaseArchive(given.get().archiveId(), sourceId, refs, Set.of(), Set.of(), false);
    try {
      Catalog catalog = Catalog.open(cacheRoot, sourceId == null ? "unknown-source" : sourceId);
      Optional<Catalog.Entry> known = catalog.entries().stream()
          .filter(e -> e.archiveId().equals(given.get().archiveId())).findFirst();
      if (known.isPresent()) {
        BaseArchive fromCatalog = new BaseResolver(catalog, locations).fromCatalog(known.get());
        base = new BaseArchive(base.archiveId(), sourceId, refs, fromCatalog.lfsOids(), fromCatalog.dependencyFiles(),
            fromCatalog.lfsComplete() && refs.equals(fromCatalog.refs()));
      } else {
        progress.info("archive " + base.archiveId() + " is not in this host's catalog: its LFS objects and"
            + " dependencies are carried again");
      }
    } catch (IOException e) {
      progress.warn("the catalog of this source is unreadable (" + e.getMessage() + "): LFS objects and dependencies"
          + " are carried again");
    }
    Optional<String> missing = missingCommit(base);
    if (missing.isPresent()) {
      throw new UntrustedArchiveException("the receipt says the air-gapped side holds "
          + missing.get() + ", which is not in this source's history (cache " + state.cache().getDirectory()
          + "): the target has commits of its own there, or the receipt is not of this source. Leave such refs out"
          + " with --exclude-refs, or create a full archive; nothing was written");
    }
    return Optional.of(base);
  }

  /** The commits the receiver holds already: every base ref, peeled to its commit. */
  public Set<String> assumedCommits(BaseArchive base) throws IOException {
    Set<String> commits = new TreeSet<>();
    if (state.cache() == null) {
      commits.addAll(base.refs().values());
      return commits;
    }
    try (RevWalk walk = new RevWalk(state.cache())) {
      for (String id : base.refs().values()) {
        RevObject peeled = walk.peel(walk.parseAny(ObjectId.fromString(id)));
        if (peeled instanceof RevCommit commit) {
          commits.add(commit.name());
        }
      }
    }
    return commits;
  }

  private Optional<String> missingCommit(BaseArchive base) {
    if (state.cache() == null) {
      return Optional.empty(); // a dry run with no cache yet: the real run's fetch would bring the history
    }
    try (RevWalk walk = new RevWalk(state.cache())) {
      for (var ref : base.refs().entrySet()) {
        try {
          walk.peel(walk.parseAny(ObjectId.fromString(ref.getValue())));
        } catch (MissingObjectException e) {
          return Optional.of(ref.getKey() + " at " + ref.getValue());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("history (" + e.getMessage() + ")");
    }
  }

  /** A local base archive that was moved or deleted from the place: building on it would leave a gap there. */
  private static Optional<String> gone(Catalog.Entry entry, String place) {
    String file = entry.file();
    if (file == null || ArchiveLocations.isStore(place) || Path.of(file).getFileName() == null) {
      return Optional.empty();
    }
    Path there = Path.of(place).resolve(Path.of(file).getFileName().toString());
    return Files.exists(there) ? Optional.empty() : Optional.of(there.toString());
  }

  private Optional<BaseArchive> fallBack(String why) {
    progress.warn(why + "; creating a full archive instead");
    return Optional.empty();
  }
}
