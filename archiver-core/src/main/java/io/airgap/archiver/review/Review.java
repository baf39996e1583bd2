package io.airgap.archiver.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.policy.HistoryWalk;
import java.util.List;

/**
 * What an archive brings across the gap relative to its base, for the person approving the
 * transfer: refs, commits, files, LFS objects, dependencies and the policy's findings, plus what
 * could not be resolved (an incremental archive reviewed without its base).
 *
 * <p>{@code signer} is the verified signer's fingerprint (who signed); {@code signer_user_id} is
 * what that key says of itself, shown beside the fingerprint and never instead of it. Lists of
 * names that grow with the repository (the refs reaching a commit or a file, the commits of a ref)
 * are capped; their counts are always exact.
 */
public record Review(
    @JsonProperty("archive") String archive,
    @JsonProperty("archive_id") String archiveId,
    @JsonProperty("type") String type,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("source") String source,
    @JsonProperty("signer") String signer,
    @JsonProperty("signer_user_id") String signerUserId,
    @JsonProperty("signature") String signature,
    @JsonProperty("base_id") String baseId,
    @JsonProperty("base_reviewed") boolean baseReviewed,
    @JsonProperty("archive_size") long archiveSize,
    @JsonProperty("refs") List<RefEntry> refs,
    @JsonProperty("commits") List<CommitEntry> commitEntries,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("lfs") List<LfsEntry> lfs,
    @JsonProperty("dependencies") List<DependencyEntry> dependencies,
    @JsonProperty("policy") PolicyOutcome policy,
    @JsonProperty("unresolved") List<String> unresolved,
    @JsonProperty("limits") Limits limits) {

  /** At most this many ref names are listed per commit or file ({@code ref_count} is exact). */
  public static final int REFS_LISTED = 20;
  /** At most this many commit ids are listed per ref ({@code new_commits} is exact). */
  public static final int COMMITS_LISTED = 100;

  /** The new commits as before the per-ref lists: {@code ref} is the first ref (in name order) that reaches each. */
  public List<HistoryWalk.NewCommit> commits() {
    return commitEntries.stream().map(CommitEntry::toNewCommit).toList();
  }

  /**
   * One ref's change: added, fast-forwarded, rewritten, deleted (or unchanged); {@code new_commits}
   * is how many new commits it reaches (exact), {@code commits} the first {@link #COMMITS_LISTED} of them.
   */
  public record RefEntry(@JsonProperty("ref") String ref, @JsonProperty("change") String change,
      @JsonProperty("old") String oldId, @JsonProperty("new") String newId,
      @JsonProperty("new_commits") int newCommits, @JsonProperty("commits") List<String> commits) {
    public RefEntry(String ref, String change, String oldId, String newId) {
      this(ref, change, oldId, newId, 0, List.of());
    }
  }

  /**
   * A new commit and every archived ref that newly reaches it: {@code refs} in name order (the first
   * {@link #REFS_LISTED}), {@code ref_count} all of them; {@code ref} (kept for older readers) is the first.
   */
  public record CommitEntry(@JsonProperty("id") String id, @JsonProperty("ref") String ref,
      @JsonProperty("refs") List<String> refs, @JsonProperty("ref_count") int refCount,
      @JsonProperty("author") String author, @JsonProperty("email") String email, @JsonProperty("date") String date,
      @JsonProperty("subject") String subject, @JsonProperty("signed") boolean signed,
      @JsonProperty("parents") int parents) {
    HistoryWalk.NewCommit toNewCommit() {
      return new HistoryWalk.NewCommit(id, ref, author, email, date, subject, signed, parents);
    }
  }

  /**
   * A file added, modified or removed on some refs. {@code size} and {@code old_size} are the Git
   * blobs' sizes (for an LFS file, its pointer's); {@code content_size} and {@code old_content_size}
   * are the real sizes (for an LFS file, its object's: the archive's verified size when the archive
   * carries it, else what the pointer states), which is what the page shows. {@code lfs_oid} and
   * {@code lfs_size} describe an LFS pointer ({@code lfs_size}: the pointer's own statement);
   * {@code lfs_in_archive} whether this archive carries that object. {@code diff} is a short
   * unified diff of a small text change (null otherwise, {@code diff_note} says why), at most
   * {@code limits.diff_lines} lines of {@code diff_lines}.
   */
  public record FileEntry(@JsonProperty("path") String path, @JsonProperty("change") String change,
      @JsonProperty("size") long size, @JsonProperty("old_size") long oldSize, @JsonProperty("ref") String ref,
      @JsonProperty("type") String type, @JsonProperty("binary") boolean binary, @JsonProperty("lfs_oid") String lfsOid,
      @JsonProperty("lfs_size") long lfsSize,
      @JsonProperty("refs") List<String> refs, @JsonProperty("ref_count") int refCount,
      @JsonProperty("content_size") long contentSize, @JsonProperty("old_content_size") long oldContentSize,
      @JsonProperty("old_lfs_oid") String oldLfsOid, @JsonProperty("lfs_in_archive") boolean lfsInArchive,
      @JsonProperty("diff") String diff, @JsonProperty("diff_lines") int diffLines,
      @JsonProperty("diff_note") String diffNote) {

    /** As before the per-ref lists, real sizes and diffs. */
    public FileEntry(String path, String change, long size, long oldSize, String ref, String type, boolean binary,
        String lfsOid, long lfsSize) {
      this(path, change, size, oldSize, ref, type, binary, lfsOid, lfsSize, ref == null ? List.of() : List.of(ref),
          ref == null ? 0 : 1, lfsOid != null ? lfsSize : size, oldSize, null, false, null, 0, null);
    }
  }

  /** An LFS object the archive carries, and one path that uses it. */
  public record LfsEntry(@JsonProperty("oid") String oid, @JsonProperty("size") long size,
      @JsonProperty("path") String path, @JsonProperty("type") String type) {}

  /** A vendored dependency new since the base, with the licences found for it. */
  public record DependencyEntry(@JsonProperty("ecosystem") String ecosystem, @JsonProperty("name") String name,
      @JsonProperty("version") String version, @JsonProperty("licenses") List<String> licenses) {}

  /** A policy finding as the review shows it: never the matched value. */
  public record FindingEntry(@JsonProperty("rule") String rule, @JsonProperty("path") String path,
      @JsonProperty("commit") String commit, @JsonProperty("ref") String ref, @JsonProperty("detail") String detail,
      @JsonProperty("fingerprint") String fingerprint, @JsonProperty("allowed") boolean allowed) {}

  /** The caps applied to names and inline diffs, so a reader can say what was left out. */
  public record Limits(@JsonProperty("refs_listed") int refsListed,
      @JsonProperty("commits_listed") int commitsListed, @JsonProperty("diff_blob_bytes") int diffBlobBytes,
      @JsonProperty("diff_lines") int diffLines, @JsonProperty("diff_files") int diffFiles) {
    static Limits standard() {
      return new Limits(REFS_LISTED, COMMITS_LISTED, InlineDiff.BLOB_BYTES, InlineDiff.LINES, InlineDiff.FILES);
    }
  }

  /**
   * The policy applied (null sha256: none given) and its findings. {@code notChecked} says why the
   * check could not be made (the base state could not be established); it then never passed.
   */
  public record PolicyOutcome(@JsonProperty("sha256") String sha256, @JsonProperty("passed") boolean passed,
      @JsonProperty("findings") List<FindingEntry> findings, @JsonProperty("not_checked") String notChecked) {
    public PolicyOutcome {
      passed = passed && notChecked == null;
    }
  }

  /** Whether a policy was given, was checked, and some finding is not allowed. */
  public boolean violatesPolicy() {
    return policy != null && policy.sha256() != null && policy.notChecked() == null && !policy.passed();
  }

  /** Why a given policy could not be checked, or null. */
  public String policyNotChecked() {
    return policy == null || policy.sha256() == null ? null : policy.notChecked();
  }
}
