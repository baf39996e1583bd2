package io.airgap.archiver.cli;

import io.airgap.archiver.api.ApproveArchiveCommand;
import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver approve}: a second person's signed statement that an exact archive file may cross. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = {"Review an archive exactly as 'archiver review' does (with --policy, if given) and, if the review"
        + " is complete and the policy passes, write NAME.approval.asc beside it (NAME: the archive's file name,"
        + " .gpg included): clearsigned JSON (format airgap-approval/1) naming the archive id, the SHA-256 of the"
        + " archive file, of the review and of the policy, the approver and the time. Stock 'gpg --verify'"
        + " checks it; 'restore --require-approval' requires it. For a folder, one approval per archive.",
        "",
        "Examples:",
        "  archiver approve app-full-20260101T000000Z.tar.gz --trust archiver-signing-public.asc \\",
        "      --policy policy.yaml --sign-key officer-secret.asc --note 'ticket CHG-1234'",
        "  archiver approve usb/ --base usb/ --trust archiver-signing-public.asc --sign-key officer-secret.asc",
        "  archiver approve app-full-…tar.gz.gpg --decrypt-key airgap-encryption-secret.asc --sign-key officer-secret.asc"},
    footer = {"", "Exit codes: 0 approved · 1 the review could not be completed (e.g. a base archive is missing) or"
        + " the approval could not be written · 2 usage error · 3 the archive is damaged or not signed by a trusted"
        + " key · 5 the content policy is violated (no approval is written)."})
final class ApproveCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "ARCHIVE|DIR", description = "The archive to approve (a file, split archive or s3:// object), or a folder or s3:// prefix: every archive in it.")
  String archive;

  @Option(names = "--sign-key", required = true, paramLabel = "FILE", description = "The approver's OpenPGP secret key (keygen, or gpg --export-secret-keys --armor). Not the key that signs archives: restore --require-approval refuses such self-approvals. Passphrase: $ARCHIVER_KEY_PASSPHRASE or --passphrase-file.")
  Path signKey;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File whose first line is the --sign-key passphrase.")
  Path passphraseFile;

  @Option(names = "--base", paramLabel = "ARCHIVE|FOLDER", description = "As for review: the base archive, or a folder or s3:// prefix holding its chain down to a full archive (repeatable). An incremental archive is approved only when its review is complete.")
  List<String> bases = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE", description = "Content policy (YAML) the archive must pass; its SHA-256 is recorded in the approval.")
  Path policy;

  @Option(names = "--note", paramLabel = "TEXT", description = "One line recorded in the approval (e.g. a change ticket).")
  String note;

  @Option(names = "--out", paramLabel = "FILE|DIR", description = "Write the approval here instead of beside the archive; a folder when approving several archives (needed for s3:// archives).")
  Path out;

  @Option(names = "--trust", split = ",", paramLabel = "KEYFILE", description = "Public key(s) the archive's signature must verify with; without, integrity only (the review says so). Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--decrypt-key", paramLabel = "SECRET-KEYFILE", description = "Secret key that opens encrypted archives (.tar.gz.gpg); the approval covers the encrypted file as it crosses. Passphrase: $ARCHIVER_KEY_PASSPHRASE.")
  Path decryptKey;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  ApproveCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "approve";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    session.header("approve " + archive, Map.of("archive", archive));
    List<ApproveArchiveCommand.Approved> approved = Archiver.approve().archive(archive).bases(bases).trustedKeys(trust)
        .policy(policy).note(note)
        .signKey(signKey, Passphrases.read(passphraseFile, context.env))
        .decryptKey(decryptKey, decryptKey == null ? null : Passphrases.read(null, context.env))
        .out(out).storeOptions(store.toOptions(context.env)).environment(context.env).progress(session.listener())
        .call();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (ApproveArchiveCommand.Approved a : approved) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("archive", a.archive());
      row.put("archive_id", a.approval().archiveId());
      row.put("archive_sha256", a.approval().archiveSha256());
      row.put("review_sha256", a.approval().reviewSha256());
      row.put("policy_sha256", a.approval().policySha256());
      row.put("approver", a.approval().approverFingerprint());
      row.put("approver_user_id", a.approval().approverUserId());
      row.put("approved_at", a.approval().approvedAt().toString());
      row.put("note", a.approval().note());
      row.put("approval_file", a.file().toString());
      row.put("self_approval", a.selfApproval());
      rows.add(row);
      session.event("approved", Map.of("message", "approved archive " + a.approval().archiveId(),
          "archive", a.archive(), "archive_id", a.approval().archiveId(),
          "archive_sha256", a.approval().archiveSha256(), "approver", a.approval().approverFingerprint(),
          "approval_file", a.file().toString()));
      lines.add("Approved " + a.approval().archiveFile() + " (archive " + a.approval().archiveId() + ")");
      lines.add("  approval: " + a.file());
      lines.add("  approver: " + a.approval().approverFingerprint()
          + (a.approval().approverUserId().isEmpty() ? "" : " (" + a.approval().approverUserId() + ")"));
      lines.add("  check it: gpg --verify " + a.file() + "; sha256sum " + a.approval().archiveFile()
          + " must print " + a.approval().archiveSha256());
      if (a.selfApproval()) {
        lines.add("  note: the archive was signed by this same key; restore --require-approval counts it only with"
            + " --allow-self-approval");
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("approvals", rows);
    return CommandOutcome.ok(doc, lines, Map.of("approvals_written", approved.size()));
  }
}
