package io.airgap.archiver.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One record of the manifest's {@code dependencies}: a vendored file ({@code path}, {@code sha256},
 * the registry's {@code integrity} when it declared one, {@code in_base} when an earlier archive of
 * the chain carries it, {@code requested} when the build asked for a range or snapshot that
 * resolved to {@code version}, {@code license} as an SPDX expression when the package's metadata
 * declares one) or a dependency that could not be fetched ({@code missing} with the reason).
 * Manifests written before {@code license} existed read the same, with it absent (unknown).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ecosystem", "name", "version", "requested", "path", "sha256", "integrity", "missing", "reason", "found_in",
    "in_base", "license"})
public record Dependency(
    @JsonProperty("ecosystem") String ecosystem,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("requested") String requested,
    @JsonProperty("path") String path,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("integrity") String integrity,
    @JsonProperty("missing") Boolean missing,
    @JsonProperty("reason") String reason,
    @JsonProperty("found_in") List<String> foundIn,
    @JsonProperty("in_base") Boolean inBase,
    @JsonProperty("license") String license) {

  public Dependency {
    foundIn = foundIn == null ? null : List.copyOf(foundIn);
  }

  /** A vendored file the archive (or, with {@code inBase}, its base chain) carries. */
  public static Dependency carried(String ecosystem, String name, String version, String requested, String path,
      String sha256, String integrity, List<String> foundIn, boolean inBase, String license) {
    return new Dependency(ecosystem, name, version, requested, path, sha256, integrity, null, null, foundIn,
        inBase ? true : null, license);
  }

  /** A dependency the connected side could not fetch. */
  public static Dependency missing(String ecosystem, String name, String version, String reason, List<String> foundIn) {
    return new Dependency(ecosystem, name, version, null, null, null, null, true, reason, foundIn, null, null);
  }

  /** The package this file belongs to, as findings and reviews name it: {@code ecosystem:name@version}. */
  public String packageId() {
    return ecosystem + ":" + name + "@" + version;
  }

  public boolean isMissing() {
    return Boolean.TRUE.equals(missing);
  }
}
