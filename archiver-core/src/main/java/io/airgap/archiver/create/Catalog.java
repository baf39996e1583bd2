package io.airgap.archiver.create;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The connected host's memory of what each archive of one source carried, so nightly jobs can say
 * {@code --since-last}. A convenience only: a base archive or manifest is always enough.
 */
public final class Catalog {
  private final Path file;
  private final Document document;

  private Catalog(Path file, Document document) {
    this.file = file;
    this.document = document;
  }

  /**
   * One archive as remembered. {@code lfsMissing} lists the LFS objects it lacked (its manifest's
   * {@code lfs_missing}); null when unknown: entries written before it was recorded, and archives
   * whose LFS scan did not cover the history ({@code --no-lfs}, {@code --lfs-scope tips}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(
      @JsonProperty("archive_id") String archiveId,
      @JsonProperty("type") String type,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("file") String file,
      @JsonProperty("base_id") String baseId,
      @JsonProperty("refs") SortedMap<String, String> refs,
      @JsonProperty("lfs") List<String> lfsOids,
      @JsonProperty("dependencies") List<String> dependencyFiles,
      @JsonProperty("lfs_missing") List<String> lfsMissing,
      @JsonProperty("place") String place) {
    public Entry(String archiveId, String type, String createdAt, String file, String baseId,
        SortedMap<String, String> refs, List<String> lfsOids) {
      this(archiveId, type, createdAt, file, baseId, refs, lfsOids, null, null, null);
    }

    public Entry(String archiveId, String type, String createdAt, String file, String baseId,
        SortedMap<String, String> refs, List<String> lfsOids, List<String> dependencyFiles) {
      this(archiveId, type, createdAt, file, baseId, refs, lfsOids, dependencyFiles, null, null);
    }

    public Entry(String archiveId, String type, String createdAt, String file, String baseId,
        SortedMap<String, String> refs, List<String> lfsOids, List<String> dependencyFiles, List<String> lfsMissing) {
      this(archiveId, type, createdAt, file, baseId, refs, lfsOids, dependencyFiles, lfsMissing, null);
    }

    /**
     * Where the archive was written ({@link ArchiveOutput#place()}); for entries recorded before
     * places were, the folder or prefix of {@code file}, or null when that cannot be told.
     */
    public String placeOrDerived() {
      if (place != null) {
        return place;
      }
      if (file == null) {
        return null;
      }
      if (ArchiveLocations.isStore(file)) {
        return ArchiveOutput.placeOf(file.substring(0, Math.max(0, file.lastIndexOf('/'))));
      }
      Path parent = Path.of(file).toAbsolutePath().normalize().getParent();
      return parent == null ? null : ArchiveOutput.placeOf(parent.toString());
    }

    /**
     * Whether this archive's chain is known to carry every LFS object its refs need: its scan covered
     * the history and lacked nothing. By induction that holds for the chain too, since a scan that
     * skipped the base's history did so only on top of a base known complete.
     */
    public boolean lfsComplete() {
      return lfsMissing != null && lfsMissing.isEmpty();
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Document(@JsonProperty("source_id") String sourceId, @JsonProperty("archives") List<Entry> archives) {}

  /** Opens the catalog of a source; a missing file is an empty catalog, an unreadable one an IOException. */
  public static Catalog open(Path cacheRoot, String sourceId) throws IOException {
    Path file = cacheRoot.resolve("catalog").resolve(sourceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    if (!Files.exists(file)) {
      return new Catalog(file, new Document(sourceId, List.of()));
    }
    Document doc = Json.mapper().readValue(file.toFile(), Document.class);
    return new Catalog(file, new Document(sourceId, doc.archives() == null ? List.of() : doc.archives()));
  }

  public Path file() {
    return file;
  }

  public List<Entry> entries() {
    return document.archives();
  }

  /** The newest archive recorded. */
  public Optional<Entry> latest() {
    List<Entry> all = entries();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * The newest archive recorded as written to {@code place} ({@link ArchiveOutput#place()}): chains
   * belong to the place they are written, so each folder or prefix holds a chain that restores alone.
   */
  public Optional<Entry> latestAt(String place) {
    List<Entry> all = entries();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (place.equals(all.get(i).placeOrDerived())) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** The archive whose id starts with {@code prefix}, if exactly one does. */
  public Optional<Entry> find(String prefix) {
    List<Entry> matches = entries().stream().filter(e -> e.archiveId().startsWith(prefix)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /** All LFS objects carried by {@code entry} and the archives before it in its chain. */
  public List<String> chainLfs(Entry entry) {
    List<String> oids = new ArrayList<>();
    Entry current = entry;
    int guard = 0;
    while (current != null && guard++ < 100_000) {
      if (current.lfsOids() != null) {
        oids.addAll(current.lfsOids());
      }
      String base = current.baseId();
      current = base == null ? null : entries().stream().filter(e -> e.archiveId().equals(base)).findFirst().orElse(null);
    }
    return oids;
  }

  /** All dependency files ({@code "<sha256>  <path>"}) held after {@code entry} and the archives before it. */
  public List<String> chainDependencies(Entry entry) {
    List<String> keys = new ArrayList<>();
    Entry current = entry;
    int guard = 0;
    while (current != null && guard++ < 100_000) {
      if (current.dependencyFiles() != null) {
        keys.addAll(current.dependencyFiles());
      }
      String base = current.baseId();
      current = base == null ? null : entries().stream().filter(e -> e.archiveId().equals(base)).findFirst().orElse(null);
    }
    return keys;
  }

  public void append(Entry entry) throws IOException {
    List<Entry> all = new ArrayList<>(entries());
    all.removeIf(e -> e.archiveId().equals(entry.archiveId()));
    all.add(entry);
    Files.createDirectories(file.getParent());
    try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
      out.stream().write(Json.prettyWriter().writeValueAsBytes(new Document(document.sourceId(), all)));
      out.commitReplacing();
    }
  }
}
