package io.airgap.archiver.custody;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the air-gapped side signs after a restore (format {@code airgap-receipt/1}): which source, which archives this
 * run applied and the last one the target now holds, the target (credentials stripped), every ref and object id read
 * back from the target after the push, how many LFS objects the restored chain carries, when, and who signed.
 *
 * @param applied the archive ids this run applied, in chain order; empty when everything was there already
 * @param lastArchive the newest archive the restored state is made of: what the next incremental may build on
 * @param refs the target's refs after the push ({@code refs/...} to object id), read back from the target
 */
@JsonPropertyOrder({"format", "source", "applied", "last_archive", "target", "refs", "lfs_objects", "restored_at",
    "signer"})
public record Receipt(
    @JsonProperty("format") String format,
    @JsonProperty("source") Source source,
    @JsonProperty("applied") List<String> applied,
    @JsonProperty("last_archive") String lastArchive,
    @JsonProperty("target") String target,
    @JsonProperty("refs") SortedMap<String, String> refs,
    @JsonProperty("lfs_objects") long lfsObjects,
    @JsonProperty("restored_at") String restoredAt,
    @JsonProperty("signer") Signer signer) {
  public static final String FORMAT = "airgap-receipt/1";

  public Receipt {
    applied = applied == null ? null : List.copyOf(applied);
    refs = refs == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(refs));
  }

  /** The source as its manifests name it: the stable id (root commit) and the name. */
  @JsonPropertyOrder({"id", "name"})
  public record Source(@JsonProperty("id") String id, @JsonProperty("name") String name) {}

  /** The signing key's primary fingerprint and user ID, as the signer said; the signature check confirms them. */
  @JsonPropertyOrder({"fingerprint", "user_id"})
  public record Signer(@JsonProperty("fingerprint") String fingerprint, @JsonProperty("user_id") String userId) {}

  /** Refuses a receipt whose fields are missing or malformed; {@code name} names the file in the message. */
  void check(String name) throws UntrustedArchiveException {
    require(FORMAT.equals(format), name, "its format is not " + FORMAT);
    require(source != null && source.id() != null && source.id().matches("[A-Za-z0-9._:-]{1,200}"), name,
        "its source id is missing or malformed");
    require(source.name() != null && source.name().length() <= 512, name, "its source name is missing or too long");
    require(applied != null, name, "it lists no applied archives (an empty list is fine)");
    for (String id : applied) {
      require(isArchiveId(id), name, "an applied archive id is not 64 hex digits");
    }
    require(isArchiveId(lastArchive), name, "its last archive id is not 64 hex digits");
    require(applied.isEmpty() || applied.get(applied.size() - 1).equals(lastArchive), name,
        "its last archive is not the last one it applied");
    require(target != null && !target.isBlank(), name, "it names no target");
    require(refs != null, name, "it lists no refs");
    for (var ref : refs.entrySet()) {
      require(ref.getKey().startsWith("refs/") && ref.getKey().length() <= 4096
          && ref.getKey().chars().noneMatch(c -> c < 0x21 || c == 0x7f), name, "a ref name is malformed");
      require(ref.getValue() != null && ref.getValue().matches("[0-9a-f]{40}|[0-9a-f]{64}"), name,
          "the object id of " + ref.getKey().replaceAll("[^\\x21-\\x7e]", "?") + " is malformed");
    }
    require(lfsObjects >= 0, name, "its LFS object count is negative");
    require(restoredAt != null && restoredAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), name,
        "its restore time is not an ISO-8601 UTC time");
    require(signer != null && signer.fingerprint() != null && signer.fingerprint().matches("[0-9A-F]{40,64}")
        && signer.userId() != null, name, "its signer is missing or malformed");
  }

  static boolean isArchiveId(String value) {
    return value != null && value.matches("[0-9a-f]{64}");
  }

  private static void require(boolean ok, String name, String problem) throws UntrustedArchiveException {
    if (!ok) {
      throw new UntrustedArchiveException(name + " is not a valid receipt: " + problem);
    }
  }
}
