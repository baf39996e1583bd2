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
 * ids and the stock-tool procedure that decrypts and verifies it (unsigned, the sidecar itself proves nothing:
 * the README holds the same procedure).
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
  /** Where the procedure expects the operator's own copy of the signer's public key. */
  public static final String SIGNING_KEY_PLACEHOLDER = "/path/to/archiver-signing-public.asc";

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
    return new ArchiveSidecar(format, archiveId, type, createdAt, baseId, size, sha256, source, refs,
        List.copyOf(recipients), stockProcedure(fileName));
  }

  /**
   * Decrypting and checking an encrypted archive with stock tools, as one shell line that stops at the first
   * failure: gpg decrypts (its integrity check fails on any change), then the signature over SHA256SUMS is checked
   * against the operator's own copy of the signer's key alone (gpgv with a keyring of just that key) and every
   * file against SHA256SUMS. Only then does anything from inside the archive run: its verify.sh, verified by now,
   * which adds that no unlisted or linked file is present. Whoever can encrypt to the recipient (anyone with the
   * public key) could otherwise hand over a verify.sh of their own.
   */
  static String stockProcedure(String fileName) {
    String plain = fileName.endsWith(".gpg") ? fileName.substring(0, fileName.length() - 4) : fileName + ".tar.gz";
    return String.join(" && ",
        "gpg --dearmor --output trusted.gpg < " + SIGNING_KEY_PLACEHOLDER,
        "gpg --output " + shellWord(plain) + " --decrypt " + shellWord(fileName),
        "mkdir x",
        "tar xzf " + shellWord(plain) + " -C x",
        "cd x",
        "gpgv --keyring ../trusted.gpg SHA256SUMS.asc SHA256SUMS",
        "sha256sum --check --strict SHA256SUMS",
        "sh restore-scripts/verify.sh " + SIGNING_KEY_PLACEHOLDER);
  }

  /** A file name as one shell word that no command reads as an option: as it is when plain, else single-quoted. */
  private static String shellWord(String name) {
    String path = name.startsWith("-") ? "./" + name : name;
    return path.matches("[A-Za-z0-9._+/-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
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
