package io.airgap.archiver.custody;

import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.signing.ClearSignedText;
import io.airgap.archiver.signing.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the approvals of an archive ({@code NAME.approval.asc} beside it, where NAME is the archive's file name
 * including {@code .gpg}; or in a folder the operator names) and judges each: signed by one of the required keys,
 * for this archive id and this exact file (its SHA-256 as stored), and — the two-person rule — not signed by the
 * key that signed the archive itself, unless that is allowed. Without keys, approvals are only read, and said to
 * be unchecked: nothing here calls an approval valid that was not verified.
 */
public final class Approvals {
  public static final String SUFFIX = ".approval.asc";
  /** Approvals are a few hundred bytes; far larger files are not read further. */
  static final int MAX_BYTES = 1 << 20;

  private Approvals() {}

  /**
   * What a restore requires of every archive it applies.
   *
   * @param folder a folder holding approvals too (besides the archive's own location), or null
   */
  public record Requirement(TrustedKeys keys, Path folder, boolean allowSelfApproval) {}

  /** How an approval file was judged. */
  public enum Verdict { VALID, NOT_CHECKED, INVALID }

  /**
   * One approval file found for an archive.
   *
   * @param approval what it says (when {@link Verdict#NOT_CHECKED}, unverified), or null when unreadable
   * @param reason why it does not count (or why it was not checked); null when valid
   */
  public record Found(String file, Approval approval, Verdict verdict, String reason) {}

  /** The archive an approval is judged against: its id, the key that signed it (or null), and the file. */
  public record Subject(ArchiveInput input, String archiveId, String signerFingerprint) {}

  /** The approval files for an archive, beside it and in {@code folder} (may be null), judged as the class says. */
  public static List<Found> find(Subject subject, TrustedKeys keys, Path folder, boolean allowSelfApproval)
      throws ArchiverException {
    List<Found> found = new ArrayList<>();
    String[] fileSha256 = new String[1];
    for (Located located : locate(subject.input(), folder)) {
      found.add(judge(located, subject, keys, allowSelfApproval, fileSha256));
    }
    return found;
  }

  /**
   * Requires a valid approval for each archive and returns one per archive, in order; otherwise an
   * {@link UntrustedArchiveException} naming every archive without one and why.
   */
  public static List<Found> require(List<Subject> subjects, Requirement requirement) throws ArchiverException {
    List<String> refused = new ArrayList<>();
    List<Found> valid = new ArrayList<>();
    for (Subject subject : subjects) {
      List<Found> found = find(subject, requirement.keys(), requirement.folder(), requirement.allowSelfApproval());
      var approved = found.stream().filter(f -> f.verdict() == Verdict.VALID).findFirst();
      if (approved.isPresent()) {
        valid.add(approved.get());
        continue;
      }
      if (found.isEmpty()) {
        refused.add(subject.input().name() + ": approval missing: no " + subject.input().fileName() + SUFFIX
            + " " + where(subject.input(), requirement.folder()));
      }
      for (Found f : found) {
        refused.add(subject.input().name() + ": " + f.reason());
      }
    }
    if (!refused.isEmpty()) {
      throw new UntrustedArchiveException("restore requires an approval by one of the keys "
          + String.join(", ", requirement.keys().fingerprints()) + " for every archive it applies, so nothing was"
          + " applied or pushed:\n  " + String.join("\n  ", refused)
          + "\nHave a second person review the archive and run 'archiver approve' on it");
    }
    return valid;
  }

  private static String where(ArchiveInput input, Path folder) {
    String beside = input.besideLocation();
    List<String> places = new ArrayList<>();
    if (beside != null) {
      places.add("beside it in " + beside);
    }
    if (folder != null) {
      places.add("in " + folder);
    }
    return places.isEmpty() ? "was found (its location holds no files beside it; give --approvals DIR)"
        : "was found " + String.join(" or ", places);
  }

  /** An approval file's name (for people) and its bytes. */
  private record Located(String name, byte[] bytes) {}

  private static List<Located> locate(ArchiveInput input, Path folder) throws ArchiverException {
    List<Located> found = new ArrayList<>();
    String beside = input.besideLocation();
    var here = input.besideFile(SUFFIX, MAX_BYTES);
    here.ifPresent(bytes -> found.add(new Located((beside == null ? "" : beside + "/") + input.fileName() + SUFFIX,
        bytes)));
    if (folder != null) {
      Path file = folder.resolve(input.fileName() + SUFFIX);
      boolean same = beside != null && file.toAbsolutePath().normalize().toString()
          .equals(Path.of(beside).resolve(input.fileName() + SUFFIX).toAbsolutePath().normalize().toString());
      if (!same && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(file)) {
          found.add(new Located(file.toString(), in.readNBytes(MAX_BYTES + 1)));
        } catch (IOException e) {
          throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return found;
  }

  private static Found judge(Located located, Subject subject, TrustedKeys keys, boolean allowSelf,
      String[] fileSha256) throws ArchiverException {
    String name = located.name();
    if (located.bytes().length > MAX_BYTES) {
      return new Found(name, null, Verdict.INVALID, name + " is larger than 1 MiB, so it is not an approval");
    }
    if (keys == null) {
      Approval unchecked = null;
      try {
        unchecked = Approval.parse(ClearSignedText.unverifiedText(located.bytes(), name), name);
      } catch (UntrustedArchiveException e) {
        return new Found(name, null, Verdict.INVALID, e.getMessage());
      }
      return new Found(name, unchecked, Verdict.NOT_CHECKED,
          "found, not checked: give the approvers' public keys (--trust or --require-approval) to check it");
    }
    Approval approval;
    String signer;
    try {
      ClearSignedText.Verified verified = ClearSignedText.verify(located.bytes(), keys, name);
      approval = Approval.parse(verified.text(), name);
      signer = verified.signature().signerFingerprint();
    } catch (UntrustedArchiveException e) {
      String why = e.getMessage();
      if (why.startsWith("signature does not match")) {
        why = name + ": " + why;
      }
      return new Found(name, null, Verdict.INVALID, why);
    }
    if (!approval.approverFingerprint().equalsIgnoreCase(signer)) {
      return new Found(name, approval, Verdict.INVALID, name + " names approver " + approval.approverFingerprint()
          + " but was signed by " + signer);
    }
    if (!approval.archiveId().equals(subject.archiveId())) {
      return new Found(name, approval, Verdict.INVALID, name + " approves another archive ("
          + approval.archiveId() + ", " + approval.archiveFile() + "), not archive " + subject.archiveId());
    }
    if (fileSha256[0] == null) {
      fileSha256[0] = sha256(subject.input());
    }
    if (!approval.archiveSha256().equals(fileSha256[0])) {
      return new Found(name, approval, Verdict.INVALID, name + " approves a file with SHA-256 "
          + approval.archiveSha256() + ", but " + subject.input().fileName() + " has SHA-256 " + fileSha256[0]
          + ": the archive file was altered or replaced after it was approved");
    }
    if (!allowSelf && subject.signerFingerprint() != null && subject.signerFingerprint().equalsIgnoreCase(signer)) {
      return new Found(name, approval, Verdict.INVALID, name + " is a self-approval: it was signed by " + signer
          + ", the key that signed the archive itself; the two-person rule needs another person's approval"
          + " (--allow-self-approval accepts it)");
    }
    return new Found(name, approval, Verdict.VALID, null);
  }

  /** The SHA-256 of the archive as stored (for an encrypted archive, of the encrypted file). */
  public static String sha256(ArchiveInput input) throws ArchiverException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(input.openStored(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + input.name() + ": " + e.getMessage(), e);
    }
    return Sha256.hex(digest.digest());
  }
}
