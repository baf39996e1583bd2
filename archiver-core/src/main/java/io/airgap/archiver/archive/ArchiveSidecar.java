package io.airgap.archiver.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A small {@code <archive>.json} stored beside each archive in a store, so {@code list} can show
 * type, size, creation time and base without downloading archives. Informational only: nothing
 * is trusted from it; verify reads the archive itself. For an encrypted archive it names the recipients' key
 * ids and the stock {@code gpg --decrypt} procedure.
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
    @JsonProperty("refs") int refs,
    @JsonProperty("encrypted_to") List<String> encryptedTo,
    @JsonProperty("decrypt") String decrypt) {
  public static final String FORMAT = "airgap-archive-info/1";
  public static final String SUFFIX = ".json";

  public static ArchiveSidecar of(String archiveId, Manifest m, long size, String sha256) {
    return new ArchiveSidecar(FORMAT, archiveId, m.type().label(), m.createdAt(),
        m.base() == null ? null : m.base().archiveId(), size, sha256,
        m.source() == null ? null : m.source().name(), m.refs().size(), null, null);
  }

  public static ArchiveSidecar of(ArchiveHeader header, long size, String sha256) {
    return of(header.archiveId(), header.manifest(), size, sha256);
  }

  /** An encrypted archive's sidecar, for one that cannot be decrypted here: no manifest facts. */
  public static ArchiveSidecar ofEncrypted(List<String> recipients, long size, String sha256, String fileName) {
    return new ArchiveSidecar(FORMAT, null, null, null, null, size, sha256, null, 0, null, null)
        .encrypted(recipients, fileName);
  }

  /**
   * The same facts for an archive stored encrypted to {@code recipients}, with the stock procedure to read it,
   * since the archive's own {@code restore-scripts/} are out of reach until it is decrypted.
   */
  public ArchiveSidecar encrypted(List<String> recipients, String fileName) {
    String plain = fileName.endsWith(".gpg") ? fileName.substring(0, fileName.length() - 4) : fileName;
    return new ArchiveSidecar(format, archiveId, type, createdAt, baseId, size, sha256, source, refs,
        List.copyOf(recipients), "gpg --decrypt " + fileName + " > " + plain + " && mkdir x && tar xzf " + plain
            + " -C x && cd x && restore-scripts/verify.sh SIGNING-PUBLIC-KEY.asc");
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
