package io.airgap.archiver.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.policy.HistoryWalk;
import java.util.List;

/**
 * What an archive brings across the gap relative to its base, for the person approving the
 * transfer: refs, commits, files, LFS objects, dependencies and the policy's findings, plus what
 * could not be resolved (an incremental archive reviewed without its base).
 */
public record Review(
    @JsonProperty("archive") String archive,
    @JsonProperty("archive_id") String archiveId,
    @JsonProperty("type") String type,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("source") String source,
    @JsonProperty("signer") String signer,
    @JsonProperty("signature") String signature,
    @JsonProperty("base_id") String baseId,
    @JsonProperty("base_reviewed") boolean baseReviewed,
    @JsonProperty("archive_size") long archiveSize,
    @JsonProperty("refs") List<RefEntry> refs,
    @JsonProperty("commits") List<HistoryWalk.NewCommit> commits,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("lfs") List<LfsEntry> lfs,
    @JsonProperty("dependencies") List<DependencyEntry> dependencies,
    @JsonProperty("policy") PolicyOutcome policy,
    @JsonProperty("unresolved") List<String> unresolved) {

  /** One ref's change: added, fast-forwarded, rewritten, deleted (or unchanged). */
  public record RefEntry(@JsonProperty("ref") String ref, @JsonProperty("change") String change,
      @JsonProperty("old") String oldId, @JsonProperty("new") String newId) {}

  /** A file added, modified or removed on some ref, with sizes; {@code lfs_oid} for LFS pointers. */
  public record FileEntry(@JsonProperty("path") String path, @JsonProperty("change") String change,
      @JsonProperty("size") long size, @JsonProperty("old_size") long oldSize, @JsonProperty("ref") String ref,
      @JsonProperty("type") String type, @JsonProperty("binary") boolean binary, @JsonProperty("lfs_oid") String lfsOid,
      @JsonProperty("lfs_size") long lfsSize) {}

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
