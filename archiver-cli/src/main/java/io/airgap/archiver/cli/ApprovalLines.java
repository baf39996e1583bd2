package io.airgap.archiver.cli;

import io.airgap.archiver.custody.Approval;
import io.airgap.archiver.custody.Approvals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The approvals {@code review} and {@code inspect} found beside an archive, for people and for {@code --json}. An
 * approval whose signature was not checked (no approvers' keys given) is shown as found, not checked: what it says
 * is only what its file claims.
 */
final class ApprovalLines {
  private ApprovalLines() {}

  static void add(Map<String, Object> doc, List<String> lines, List<Approvals.Found> found) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (found.isEmpty()) {
      lines.add("approvals:     none found beside the archive");
    }
    for (Approvals.Found f : found) {
      Approval a = f.approval();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("file", f.file());
      row.put("status", switch (f.verdict()) {
        case VALID -> "valid";
        case NOT_CHECKED -> "not_checked";
        case INVALID -> "invalid";
      });
      row.put("approver", a == null ? null : a.approverFingerprint());
      row.put("approver_user_id", a == null ? null : a.approverUserId());
      row.put("approved_at", a == null ? null : a.approvedAt().toString());
      row.put("note", a == null ? null : a.note());
      row.put("reason", f.reason());
      rows.add(row);
      String says = a == null ? "" : " by " + a.approverFingerprint()
          + (a.approverUserId().isEmpty() ? "" : " (" + a.approverUserId() + ")") + " at " + a.approvedAt()
          + (a.note().isEmpty() ? "" : ", note: " + a.note());
      lines.add("approval:      " + f.file());
      lines.add("  " + switch (f.verdict()) {
        case VALID -> "valid: approved" + says;
        case NOT_CHECKED -> "found, not checked: it claims an approval" + says
            + " (give the approvers' keys with --require-approval KEYS to check it)";
        case INVALID -> "NOT VALID" + (a == null ? "" : " (it claims an approval" + says + ")") + ": " + f.reason();
      });
    }
    doc.put("approvals", rows);
  }

  /** The keys approvals are checked with: the approvers' keys if given, else the archive's trusted keys. */
  static List<java.nio.file.Path> keys(List<java.nio.file.Path> approvers, List<java.nio.file.Path> trust) {
    return approvers.isEmpty() ? trust : approvers;
  }
}
