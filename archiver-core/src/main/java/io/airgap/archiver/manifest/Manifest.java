package io.airgap.archiver.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The archive's {@code manifest.json}: what it holds, where it came from, and who signed it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "format", "type", "created_at", "tool_version", "source", "forge", "refs", "head", "base", "prerequisites",
  "changes", "lfs", "lfs_missing", "dependencies", "submodules", "policy", "signer"
})
public record Manifest(
    @JsonProperty("format") String format,
    @JsonProperty("type") ArchiveType type,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("tool_version") String toolVersion,
    @JsonProperty("source") Source source,
    @JsonProperty("refs") SortedMap<String, String> refs,
    @JsonProperty("head") String head,
    @JsonProperty("base") Base base,
    @JsonProperty("prerequisites") List<String> prerequisites,
    @JsonProperty("changes") RefChanges changes,
    @JsonProperty("lfs") List<LfsObject> lfs,
    @JsonProperty("dependencies") List<Dependency> dependencies,
    @JsonProperty("signer") String signer,
    @JsonProperty("lfs_missing") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LfsObject> lfsMissing,
    @JsonProperty("forge") Forge forge,
    @JsonProperty("submodules") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Submodule> submodules,
    @JsonProperty("policy") PolicyPassed policy) {

  /** The format this version writes; readers accept any {@code airgap-archive/1.x}. */
  public static final String FORMAT = "airgap-archive/1";

  public Manifest {
    refs = refs == null ? new TreeMap<>() : new TreeMap<>(refs);
    prerequisites = prerequisites == null ? null : List.copyOf(prerequisites);
    lfs = lfs == null ? List.of() : List.copyOf(lfs);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    lfsMissing = lfsMissing == null ? List.of() : List.copyOf(lfsMissing);
    submodules = submodules == null ? List.of() : List.copyOf(submodules);
  }

  /** A manifest without forge metadata (archives of a single repository). */
  public Manifest(String format, ArchiveType type, String createdAt, String toolVersion, Source source,
      SortedMap<String, String> refs, String head, Base base, List<String> prerequisites, RefChanges changes,
      List<LfsObject> lfs, List<Dependency> dependencies, String signer, List<LfsObject> lfsMissing) {
    this(format, type, createdAt, toolVersion, source, refs, head, base, prerequisites, changes, lfs, dependencies,
        signer, lfsMissing, null, null, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Assembles a manifest field by field; what is never set is left out of {@code manifest.json}. */
  public static final class Builder {
    private ArchiveType type = ArchiveType.FULL;
    private String createdAt;
    private String toolVersion;
    private Source source;
    private SortedMap<String, String> refs;
    private String head;
    private Base base;
    private List<String> prerequisites;
    private RefChanges changes;
    private List<LfsObject> lfs;
    private List<LfsObject> lfsMissing;
    private List<Dependency> dependencies;
    private String signer;
    private Forge forge;
    private List<Submodule> submodules;
    private PolicyPassed policy;

    private Builder() {}

    public Builder type(ArchiveType value) { this.type = value; return this; }
    public Builder createdAt(String value) { this.createdAt = value; return this; }
    public Builder toolVersion(String value) { this.toolVersion = value; return this; }
    public Builder source(Source value) { this.source = value; return this; }
    public Builder refs(SortedMap<String, String> value) { this.refs = value; return this; }
    public Builder head(String value) { this.head = value; return this; }
    /** Makes the manifest incremental on top of {@code value}, needing {@code prerequisiteCommits}. */
    public Builder base(Base value, List<String> prerequisiteCommits, RefChanges refChanges) {
      this.type = ArchiveType.INCREMENTAL;
      this.base = value;
      this.prerequisites = prerequisiteCommits;
      this.changes = refChanges;
      return this;
    }
    public Builder lfs(List<LfsObject> carried, List<LfsObject> missing) {
      this.lfs = carried;
      this.lfsMissing = missing;
      return this;
    }
    public Builder dependencies(List<Dependency> value) { this.dependencies = value; return this; }
    public Builder signer(String fingerprint) { this.signer = fingerprint; return this; }
    /** Records the content policy (its file's SHA-256) the archive passed. */
    public Builder policy(PolicyPassed value) { this.policy = value; return this; }
    public Builder forge(Forge value) { this.forge = value; return this; }
    public Builder submodules(List<Submodule> value) { this.submodules = value; return this; }

    public Manifest build() {
      return new Manifest(FORMAT, type, createdAt, toolVersion, source, refs, head, base, prerequisites, changes, lfs,
          dependencies, signer, lfsMissing, forge, submodules, policy);
    }
  }

  /** Where the archived repository came from; the URL never carries credentials. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"id", "name", "url"})
  public record Source(
      @JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("url") String url) {}

  /**
   * Where the repository lives on its forge, so a fleet restore can recreate it faithfully: the
   * forge path ({@code backend/sub/worker}), default branch (short name), description and visibility.
   * Optional: archives of a single repository have none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"kind", "path", "default_branch", "description", "visibility"})
  public record Forge(
      @JsonProperty("kind") String kind,
      @JsonProperty("path") String path,
      @JsonProperty("default_branch") String defaultBranch,
      @JsonProperty("description") String description,
      @JsonProperty("visibility") String visibility) {}

  /**
   * A submodule named in {@code .gitmodules} at an archived ref tip ({@code create --recurse-submodules}):
   * its path in the tree and the repository URL (credentials stripped), archived beside this one.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"path", "url"})
  public record Submodule(@JsonProperty("path") String path, @JsonProperty("url") String url) {}

  /** For incremental archives: the archive this one applies on top of. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"archive_id", "refs"})
  public record Base(
      @JsonProperty("archive_id") String archiveId,
      @JsonProperty("refs") SortedMap<String, String> refs) {}

  /** How the refs differ from the base archive's (incremental) — or all refs as added (full). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"added", "updated", "rewritten", "deleted"})
  public record RefChanges(
      @JsonProperty("added") List<String> added,
      @JsonProperty("updated") List<String> updated,
      @JsonProperty("rewritten") List<String> rewritten,
      @JsonProperty("deleted") List<String> deleted) {
    public RefChanges {
      added = added == null ? List.of() : List.copyOf(added);
      updated = updated == null ? List.of() : List.copyOf(updated);
      rewritten = rewritten == null ? List.of() : List.copyOf(rewritten);
      deleted = deleted == null ? List.of() : List.copyOf(deleted);
    }

    public boolean isEmpty() {
      return added.isEmpty() && updated.isEmpty() && rewritten.isEmpty() && deleted.isEmpty();
    }
  }

  /** The content policy an archive passed at creation, named by its file's SHA-256 ({@code restore --require-policy}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PolicyPassed(@JsonProperty("sha256") String sha256) {}

  /** One Git LFS object carried in the archive (or, in {@code lfs_missing}, one the source could not supply). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"oid", "size"})
  public record LfsObject(@JsonProperty("oid") String oid, @JsonProperty("size") long size) {}
}
