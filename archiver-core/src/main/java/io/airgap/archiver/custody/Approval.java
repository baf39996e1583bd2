package io.airgap.archiver.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.signing.ClearSignedText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an approver signs: that the archive with this id, in exactly this file (SHA-256 of the bytes that cross:
 * for an encrypted archive the {@code .gpg} file), was reviewed (the review's JSON hashed) under this policy, by
 * whom, when, with a note. Written as canonical JSON (fixed key order, two-space indent) inside a cleartext-signed
 * OpenPGP message, so a person reads it and stock {@code gpg --verify} checks it. Read strictly: another format,
 * an unknown or missing key, or a malformed value is refused.
 *
 * @param policySha256 the SHA-256 of the policy file the review applied, or null when none
 * @param approverUserId what the approver's key says of itself (may be empty); the fingerprint is who approved
 * @param note free text from the approver (may be empty)
 */
public record Approval(String archiveId, String archiveFile, String archiveSha256, String reviewSha256,
    String policySha256, String approverFingerprint, String approverUserId, Instant approvedAt, String note) {
  public static final String FORMAT = "airgap-approval/1";
  private static final List<String> KEYS = List.of("format", "archive_id", "archive_file", "archive_sha256",
      "review_sha256", "policy_sha256", "approver_fingerprint", "approver_user_id", "approved_at", "note");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");
  private static final int MAX_TEXT = 4096;

  /** The canonical JSON body: keys in {@link #KEYS} order, LF line ends, no final newline. */
  public String toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", FORMAT);
    doc.put("archive_id", archiveId);
    doc.put("archive_file", archiveFile);
    doc.put("archive_sha256", archiveSha256);
    doc.put("review_sha256", reviewSha256);
    doc.put("policy_sha256", policySha256);
    doc.put("approver_fingerprint", approverFingerprint);
    doc.put("approver_user_id", approverUserId);
    doc.put("approved_at", approvedAt.toString());
    doc.put("note", note);
    try {
      // a plain writer keeps insertion order (the shared mapper sorts map keys); the order is part of the format
      return new com.fasterxml.jackson.databind.ObjectMapper().writer(
          new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withObjectIndenter(
              new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"))).writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole {@code .approval.asc} file: this approval clearsigned by {@code signer} at {@link #approvedAt}. */
  public byte[] sign(ArchiveSigner signer) throws OperationFailedException {
    return ClearSignedText.sign(signer, toJson(), approvedAt);
  }

  /** Reads the JSON body of a verified approval; anything but exactly this format is refused, naming {@code file}. */
  public static Approval parse(String json, String file) throws UntrustedArchiveException {
    JsonNode doc;
    try {
      doc = Json.untrusted().readTree(json);
    } catch (JsonProcessingException e) {
      throw refused(file, "its text is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (doc == null || !doc.isObject()) {
      throw refused(file, "its text is not a JSON object");
    }
    if (!FORMAT.equals(doc.path("format").asText(null))) {
      throw refused(file, "its format is " + shown(doc.path("format").asText("missing")) + ", not " + FORMAT);
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        unknown.add(shown(name));
      }
    }
    if (!unknown.isEmpty()) {
      throw refused(file, "it has unknown key(s) " + String.join(", ", unknown));
    }
    for (String key : KEYS) {
      JsonNode value = doc.get(key);
      boolean nullable = key.equals("policy_sha256");
      if (value == null || !(value.isTextual() || nullable && value.isNull())) {
        throw refused(file, "its " + key + " is missing or not a string");
      }
      if (value.isTextual() && value.asText().length() > MAX_TEXT) {
        throw refused(file, "its " + key + " is longer than " + MAX_TEXT + " characters");
      }
    }
    String policy = doc.get("policy_sha256").isNull() ? null : doc.get("policy_sha256").asText();
    for (String key : List.of("archive_id", "archive_sha256", "review_sha256")) {
      if (!SHA256.matcher(doc.get(key).asText()).matches()) {
        throw refused(file, "its " + key + " is not a SHA-256 (64 lower-case hex digits)");
      }
    }
    if (policy != null && !SHA256.matcher(policy).matches()) {
      throw refused(file, "its policy_sha256 is not a SHA-256 (64 lower-case hex digits)");
    }
    if (!FINGERPRINT.matcher(doc.get("approver_fingerprint").asText()).matches()) {
      throw refused(file, "its approver_fingerprint is not an OpenPGP fingerprint (upper-case hex)");
    }
    Instant at;
    try {
      at = Instant.parse(doc.get("approved_at").asText());
    } catch (DateTimeParseException e) {
      throw refused(file, "its approved_at is not an ISO-8601 UTC time");
    }
    return new Approval(doc.get("archive_id").asText(), doc.get("archive_file").asText(),
        doc.get("archive_sha256").asText(), doc.get("review_sha256").asText(), policy,
        doc.get("approver_fingerprint").asText(), doc.get("approver_user_id").asText(), at, doc.get("note").asText());
  }

  private static String shown(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return "\"" + cut.replaceAll("\\p{Cntrl}", "?") + "\"";
  }

  private static UntrustedArchiveException refused(String file, String why) {
    return new UntrustedArchiveException(file + " is not an " + FORMAT + " approval: " + why);
  }
}
