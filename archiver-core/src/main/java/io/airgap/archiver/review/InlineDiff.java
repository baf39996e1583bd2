package io.airgap.archiver.review;

import io.airgap.archiver.policy.SecretRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A short unified diff of a small text change, for the review page to show collapsed. Never for
 * Git LFS content (the objects are not opened), binary content, blobs over {@link #BLOB_BYTES},
 * or text that looks like a credential (the page never shows a credential's value); at most
 * {@link #LINES} lines and 32 KiB are kept. The text is the content as it is: escaping and making
 * hidden characters visible is the page's job, where the text is only ever set as text.
 */
final class InlineDiff {
  /** Blobs larger than this (either side) get no inline diff. */
  static final int BLOB_BYTES = 64 * 1024;
  /** At most this many diff lines are kept per file (the result counts them all). */
  static final int LINES = 200;
  /** At most this many files get an inline diff in one review. */
  static final int FILES = 50;
  private static final int CHARS = 32 * 1024;
  private static final String NONE = "no inline diff: ";

  /** The diff text kept (null: none, {@code note} says why), how many lines the whole diff has, and a note. */
  record Result(String text, int lines, String note) {
    static Result none(String why) {
      return new Result(null, 0, NONE + why);
    }
  }

  private InlineDiff() {}

  /** @param before null for an added file; @param allowed false once {@link #FILES} diffs were made */
  static Result of(ObjectReader reader, TreeChanges.Blob before, TreeChanges.Blob after, boolean allowed)
      throws IOException {
    if (after.pointer() != null || (before != null && before.pointer() != null)) {
      return Result.none("Git LFS content");
    }
    if (after.binary() || (before != null && before.binary())) {
      return Result.none("binary content");
    }
    if (after.size() > BLOB_BYTES || (before != null && before.size() > BLOB_BYTES)) {
      return Result.none("larger than " + BLOB_BYTES / 1024 + " KiB");
    }
    if (!allowed) {
      return Result.none("only the first " + FILES + " small text changes have one");
    }
    RawText a = before == null ? RawText.EMPTY_TEXT : new RawText(bytes(reader, before));
    RawText b = new RawText(bytes(reader, after));
    if (TreeChanges.hasNul(a.getRawContent()) || TreeChanges.hasNul(b.getRawContent())) {
      return Result.none("binary content");
    }
    Set<String> credentials = new TreeSet<>(SecretRules.credentialRules(a.getRawContent()));
    credentials.addAll(SecretRules.credentialRules(b.getRawContent()));
    if (!credentials.isEmpty()) {
      return Result.none("it holds what looks like a credential (" + String.join(", ", credentials) + ")");
    }
    EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
        .diff(RawTextComparator.DEFAULT, a, b);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setContext(3);
      formatter.format(edits, a, b);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    int total = text.endsWith("\n") ? lines.length - 1 : lines.length;
    if (total == 0) {
      return Result.none("no line changed (mode or line endings only)");
    }
    StringBuilder kept = new StringBuilder();
    int shown = 0;
    while (shown < total && shown < LINES && kept.length() + lines[shown].length() <= CHARS) {
      kept.append(lines[shown++]).append('\n');
    }
    return new Result(kept.toString(), total, shown < total ? "first " + shown + " of " + total + " diff lines shown"
        : null);
  }

  private static byte[] bytes(ObjectReader reader, TreeChanges.Blob blob) throws IOException {
    return reader.open(blob.id(), Constants.OBJ_BLOB).getCachedBytes(BLOB_BYTES);
  }
}
