package io.airgap.archiver.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.ArchiveEncryptor;
import io.airgap.archiver.signing.DecryptionKeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A small {@code <archive>.json} stored beside each archive in a store, so {@code list} can show
 * type, size, creation time and base without downloading archives. Informational only: nothing
 * is trusted from it; verify reads the archive itself.
 *
 * <p>An encrypted archive's sidecar says in clear only what its object already shows (size, SHA-256 of the
 * encrypted bytes) and the stock-tool procedure that decrypts and verifies it (which names nothing but the file
 * name; unsigned, it proves nothing: the docs hold the same procedure). Everything else (archive id, type, base,
 * creation time, source, ref count and the recipients' key ids) is {@code sealed}: the full sidecar as an OpenPGP
 * message (base64) to the archive's own recipients with their key ids hidden, which {@code --decrypt-key} opens.
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
    @JsonProperty("refs") Integer refs,
    @JsonProperty("encrypted_to") List<String> encryptedTo,
    @JsonProperty("decrypt") String decrypt,
    @JsonProperty("sealed") String sealed) {
  public static final String FORMAT = "airgap-archive-info/1";
  public static final String SUFFIX = ".json";
  /** Where the procedure expects the operator's own copy of the signer's public key. */
  public static final String SIGNING_KEY_PLACEHOLDER = "/path/to/archiver-signing-public.asc";

  public static ArchiveSidecar of(String archiveId, Manifest m, long size, String sha256) {
    return new ArchiveSidecar(FORMAT, archiveId, m.type().label(), m.createdAt(),
        m.base() == null ? null : m.base().archiveId(), size, sha256,
        m.source() == null ? null : m.source().name(), m.refs().size(), null, null, null);
  }

  public static ArchiveSidecar of(ArchiveHeader header, long size, String sha256) {
    return of(header.archiveId(), header.manifest(), size, sha256);
  }

  /**
   * An encrypted archive's sidecar with nothing sealed in it (pushed from a disk where its facts cannot be sealed
   * to its recipients): size, SHA-256 of the encrypted bytes and the stock procedure, nothing more.
   */
  public static ArchiveSidecar ofEncrypted(long size, String sha256, String fileName) {
    return new ArchiveSidecar(FORMAT, null, null, null, null, size, sha256, null, null, null,
        stockProcedure(fileName), null);
  }

  /**
   * What a store keeps beside an archive encrypted by {@code encryptor}: in clear only size, SHA-256 and the stock
   * procedure; these facts and the recipients' key ids sealed to the same recipients, key ids hidden.
   */
  public ArchiveSidecar sealedFor(ArchiveEncryptor encryptor, String fileName) {
    ArchiveSidecar inner = new ArchiveSidecar(format, archiveId, type, createdAt, baseId, size, sha256, source, refs,
        List.copyOf(encryptor.recipientKeyIds()), null, null);
    byte[] message = encryptor.seal(inner.toBytes(), "", java.time.Instant.EPOCH);
    return new ArchiveSidecar(FORMAT, null, null, null, null, size, sha256, null, null, null,
        stockProcedure(fileName), Base64.getEncoder().encodeToString(message));
  }

  /** The facts {@link #sealedFor} sealed, opened with {@code decryptor}; empty if none of its keys opens them. */
  public Optional<ArchiveSidecar> unseal(ArchiveDecryptor decryptor, String name) throws ArchiverException {
    if (sealed == null) {
      return Optional.empty();
    }
    byte[] message;
    try {
      message = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new UntrustedArchiveException(name + "'s sealed part is not base64: " + e.getMessage());
    }
    ArchiveSidecar inner;
    try (InputStream in = decryptor.open(new ByteArrayInputStream(message), name)) {
      inner = read(in);
    } catch (DecryptionKeyException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UntrustedArchiveException(name + "'s sealed part cannot be read: " + e.getMessage(), e);
    }
    return Optional.of(new ArchiveSidecar(FORMAT, inner.archiveId, inner.type, inner.createdAt, inner.baseId, size,
        sha256, inner.source, inner.refs, inner.encryptedTo == null ? List.of() : inner.encryptedTo, decrypt, null));
  }

  /** Whether this describes an encrypted archive (sealed, or as older versions wrote it: recipients in clear). */
  public boolean encryptedArchive() {
    return sealed != null || decrypt != null || encryptedTo != null;
  }

  /** Whether this says what archive it is (id, type, base, time, source), not just that it is encrypted. */
  public boolean describesContent() {
    return archiveId != null;
  }

  /** These facts, for an archive that is encrypted to {@code recipients} (as read from its own first packets). */
  public ArchiveSidecar encryptedTo(List<String> recipients, String fileName) {
    return new ArchiveSidecar(format, archiveId, type, createdAt, baseId, size, sha256, source, refs,
        List.copyOf(recipients), stockProcedure(fileName), null);
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
