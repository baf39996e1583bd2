package io.airgap.archiver.cli;

import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.policy.HistoryWalk;
import io.airgap.archiver.review.Review;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The review as lines for a terminal: summary first, then each list (files and commits in full with --verbose).
 * What the archive says (names, subjects, authors, paths, details) is shown as one line each, control
 * characters escaped ({@link TerminalText#line}): a subject must not be able to rewrite the policy line.
 */
final class ReviewText {
  private static final int SHOWN = 20;

  private ReviewText() {}

  static List<String> lines(Review r, boolean verbose, Path html) {
    List<String> out = new ArrayList<>();
    out.add("Review of " + r.archive() + " (" + one(r.type()) + ", " + r.archiveId() + ")");
    out.add("  signature: " + signature(r));
    if (r.baseId() != null) {
      out.add("  base: " + r.baseId() + (r.baseReviewed() ? "" : " (not given: pass --base to list its commits and files)"));
    }
    Map<String, Integer> refs = new TreeMap<>();
    r.refs().forEach(e -> refs.merge(e.change(), 1, Integer::sum));
    Map<String, Integer> files = new TreeMap<>();
    r.files().forEach(f -> files.merge(f.change(), 1, Integer::sum));
    out.add("  refs: " + counts(refs, "none") + "; new commits: " + r.commits().size() + "; files: "
        + counts(files, "none changed"));
    out.add("  LFS objects: " + r.lfs().size() + " (" + ByteSize.format(r.lfs().stream().mapToLong(Review.LfsEntry::size)
        .sum()) + "); new dependencies: " + r.dependencies().size());
    Review.PolicyOutcome p = r.policy();
    out.add("  policy: " + (p.sha256() == null ? "none given (--policy FILE)" : p.sha256() + (p.notChecked() != null
        ? " NOT CHECKED (" + one(p.notChecked()) + ")" : p.passed() ? " passed" : " VIOLATED")));
    r.unresolved().forEach(u -> out.add("  not resolved: " + one(u)));
    for (Review.FindingEntry f : p.findings()) {
      out.add("  finding: " + f.rule() + (f.path() == null ? "" : " at " + one(f.path()))
          + (f.commit() == null ? "" : " in commit " + f.commit().substring(0, 12))
          + (f.ref() == null ? "" : " (" + one(f.ref()) + ")") + (f.detail() == null ? "" : ": " + one(f.detail()))
          + (f.allowed() ? " [allowed]" : "") + " [fingerprint " + f.fingerprint() + "]");
    }
    r.refs().stream().filter(e -> !e.change().equals("unchanged"))
        .forEach(e -> out.add("  ref " + e.change() + ": " + one(e.ref())));
    List<HistoryWalk.NewCommit> commits = r.commits();
    for (int i = 0; i < commits.size() && (verbose || i < SHOWN); i++) {
      HistoryWalk.NewCommit c = commits.get(i);
      out.add("  commit " + c.id().substring(0, 12) + " " + c.date() + " " + one(c.author())
          + (c.signed() ? " (signed) " : " ") + one(c.subject()));
    }
    for (int i = 0; i < r.files().size() && (verbose || i < SHOWN); i++) {
      Review.FileEntry f = r.files().get(i);
      out.add("  file " + f.change() + ": " + one(f.path()) + " ("
          + ByteSize.format(f.lfsOid() != null ? f.lfsSize() : f.size())
          + (f.lfsOid() != null ? ", LFS" : f.binary() ? ", binary" : "") + ")");
    }
    if (!verbose && (commits.size() > SHOWN || r.files().size() > SHOWN)) {
      out.add("  (first " + SHOWN + " commits and files shown; --verbose, --json or --html for all)");
    }
    r.dependencies().forEach(d -> out.add("  dependency " + one(d.ecosystem()) + " " + one(d.name()) + "@"
        + one(d.version()) + " licences " + (d.licenses().isEmpty() ? "unknown" : one(String.join(", ", d.licenses())))));
    if (html != null) {
      out.add("HTML review written to " + html);
    }
    return out;
  }

  /** What was established about the signature, in words, with what to do when it was not checked. */
  static String signature(Review r) {
    String signer = r.signer() == null ? "" : one(r.signer());
    return switch (String.valueOf(r.signature())) {
      case "verified" -> "good, made by trusted key " + signer;
      case "unsigned" -> "none: the archive is not signed";
      case "not_checked" -> "NOT CHECKED" + (signer.isEmpty() ? "" : " (the manifest names signer " + signer + ")")
          + "; pass --trust KEYFILE to check it";
      default -> one(String.valueOf(r.signature())).replace('_', ' ');
    };
  }

  /** "2 added, 1 fast-forwarded" from change to count; {@code none} when there is nothing. */
  private static String counts(Map<String, Integer> byChange, String none) {
    return byChange.isEmpty() ? none : String.join(", ", byChange.entrySet().stream()
        .map(e -> e.getValue() + " " + one(e.getKey())).toList());
  }

  private static String one(String text) {
    return TerminalText.line(text);
  }
}
