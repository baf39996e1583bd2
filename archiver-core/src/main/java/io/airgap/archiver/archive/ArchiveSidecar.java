package io.airgap.archiver.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A small {@code <archive>.json} stored beside each archive in a store, so {@code list} can show
 * type, size, creation time and base without downloading archives. Informational only: nothing
 * is trusted from it; verify reads the archive itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArchiveSidecar(
    @JsonProperty("format") String format,
    @JsonProperty("archive_id") String archiveId,
    @JsonProperty("type") String type,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("base_id") String baseId,
    @JsonProperty("size") long size,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("source") String source,
    @JsonProperty("refs") int refs) {
  public static final String FORMAT = "airgap-archive-info/1";
  public static final String SUFFIX = ".json";

  public static ArchiveSidecar of(String archiveId, Manifest m, long size, String sha256) {
    return new ArchiveSidecar(FORMAT, archiveId, m.type().label(), m.createdAt(),
        m.base() == null ? null : m.base().archiveId(), size, sha256,
        m.source() == null ? null : m.source().name(), m.refs().size());
  }

  public static ArchiveSidecar of(ArchiveHeader header, long size, String sha256) {
    return of(header.archiveId(), header.manifest(), size, sha256);
  }

  public byte[] toBytes() {
    try {
      return Json.prettyWriter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ArchiveSidecar read(InputStream in) throws IOException {
    return Json.untrusted().readValue(in.readNBytes(1 << 20), ArchiveSidecar.class);
  }
}
