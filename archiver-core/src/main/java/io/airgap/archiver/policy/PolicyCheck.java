package io.airgap.archiver.policy;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.git.JGitCaches;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Applies a {@link Policy} to what a transfer brings and returns every finding: secrets in any
 * blob of the new history (scanned once per blob, in parallel, verdicts cached by blob id), denied
 * paths, oversized files and LFS objects, the archive's size, and dependency licences.
 */
public final class PolicyCheck {
  /** Blobs larger than this are checked by size only: no credential file is that large. */
  static final long MAX_SCAN_BYTES = 32L << 20;

  private final Policy policy;
  private final Path cacheDir;
  private final ProgressListener progress;

  /** @param cacheDir where scan verdicts are kept between runs, or null */
  public PolicyCheck(Policy policy, Path cacheDir, ProgressListener progress) {
    this.policy = policy;
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  /** Every finding, allowed ones included (see {@link #enforce}). */
  public List<Finding> findings(PolicyInput in) throws OperationFailedException {
    List<Finding> findings = new ArrayList<>();
    Map<String, HistoryWalk.BlobUse> lfsUses = new HashMap<>();
    try {
      VerdictCache cache = policy.secrets() ? VerdictCache.open(cacheDir == null ? null : cacheDir.resolve("policy"))
          : null;
      List<Finding> history = null; // null: not walked, the reached blobs showed nothing to report
      if (policy.needsHistory()) {
        JGitCaches.sizeToHeap(); // every new blob is read: with JGit's 10 MB defaults, delta chains are re-inflated over and over
        history = policy.denyPaths().isEmpty() && nothingReached(in, cache) ? null : walked(in, cache, lfsUses);
      }
      List<Finding> lfs = lfs(in, lfsUses);
      if (history == null && policy.needsHistory() && !lfs.isEmpty()) { // walk after all, to name their paths
        history = walked(in, cache, lfsUses);
        lfs = lfs(in, lfsUses);
      }
      findings.addAll(history == null ? List.of() : history);
      findings.addAll(lfs);
    } catch (IOException e) {
      throw unreadable(in, e);
    } catch (java.io.UncheckedIOException e) {
      throw unreadable(in, e.getCause());
    }
    if (policy.maxArchiveSize() > 0 && in.contentSize() > policy.maxArchiveSize()) {
      findings.add(new Finding("max-archive-size", null, null, null, "archive", ByteSize.format(in.contentSize())
          + " of content, over the limit of " + ByteSize.format(policy.maxArchiveSize())));
    }
    if (policy.checksLicenses()) {
      findings.addAll(LicenseRules.check(policy, in.dependencies()));
    }
    return findings;
  }

  /**
   * A check that cannot read what it must check fails, never passes: a missing, corrupt or mistyped
   * object (or an unreadable pack) is named, with the repository to check.
   */
  private static OperationFailedException unreadable(PolicyInput in, IOException e) {
    return new OperationFailedException("the content policy cannot read the history it must check (" + e.getMessage()
        + "); a check that cannot be made fails, it never passes. Run 'git fsck' in "
        + in.repository().getDirectory() + " and fetch or restore the history again", e);
  }

  /** Whether the blobs the refs reach (bitmap index, no per-commit diff) leave nothing to report; scans the unknown ones. */
  private boolean nothingReached(PolicyInput in, VerdictCache cache) throws IOException {
    long start = System.nanoTime();
    ReachedBlobs reached = ReachedBlobs.of(in);
    if (reached == null) {
      return false;
    }
    int scanned = cache == null ? 0 : new SecretScan(in.repository(), cache).scan(reached.fresh());
    boolean clean = reached.nothingToReport(policy, in, cache);
    progress.info("policy: " + reached.fresh().size() + " new blobs, " + scanned + " scanned, "
        + (clean ? "nothing to report" : "naming the findings") + " (" + (System.nanoTime() - start) / 1_000_000
        + " ms)");
    return clean;
  }

  /** The findings in the new history, each named by path, commit and ref: one diff per new commit. */
  private List<Finding> walked(PolicyInput in, VerdictCache cache, Map<String, HistoryWalk.BlobUse> lfsUses)
      throws IOException {
    long start = System.nanoTime();
    HistoryWalk.Result history = HistoryWalk.walk(in.repository(), in.refs(), in.assumed());
    progress.info("policy: " + history.commits().size() + " new commits, " + history.blobs().size()
        + " file versions (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
    return history(in, history, cache, lfsUses);
  }

  /** Throws when a finding is not in the policy's {@code allow} list; reports the allowed ones. */
  public void enforce(List<Finding> findings, String what) throws PolicyViolationException {
    List<Finding> denied = new ArrayList<>();
    for (Finding f : findings) {
      if (policy.allow().contains(f.fingerprint())) {
        progress.info("policy: allowed by fingerprint: " + f.describe());
      } else {
        denied.add(f);
      }
    }
    if (!denied.isEmpty()) {
      List<String> lines = denied.stream().map(Finding::describe).toList();
      throw new PolicyViolationException(what + " breaks the content policy (" + denied.size() + " finding"
          + (denied.size() == 1 ? "" : "s") + "; nothing was written or pushed):\n  " + String.join("\n  ", lines)
          + "\nRemove the content from the history, or after review add a finding's fingerprint to the policy's"
          + " 'allow' list", lines);
    }
  }

  private List<Finding> history(PolicyInput in, HistoryWalk.Result history, VerdictCache cache,
      Map<String, HistoryWalk.BlobUse> lfsUses) throws IOException {
    List<Finding> findings = new ArrayList<>();
    List<PathGlob> denied = policy.denyPaths().stream().map(PathGlob::new).toList();
    Map<String, Long> sizes = new HashMap<>();
    try (ObjectReader reader = in.repository().newObjectReader()) {
      for (HistoryWalk.BlobUse use : history.blobs()) {
        for (PathGlob glob : denied) {
          if (glob.matches(use.path())) {
            findings.add(new Finding("deny-paths", use.path(), use.commit(), use.ref(), use.blobId(),
                "matches " + glob.glob()));
            break;
          }
        }
        long size = sizes.computeIfAbsent(use.blobId(), id -> sizeOf(reader, id));
        if (policy.maxFileSize() > 0 && size > policy.maxFileSize()) {
          findings.add(new Finding("max-file-size", use.path(), use.commit(), use.ref(), use.blobId(),
              ByteSize.format(size) + ", over the limit of " + ByteSize.format(policy.maxFileSize())));
        }
        if (size < 1024 && !in.lfs().isEmpty()) { // to name the path and commit of an LFS object's finding
          String oid = lfsPointerOid(reader, use.blobId());
          if (oid != null) {
            lfsUses.putIfAbsent(oid, use);
          }
        }
      }
    }
    if (policy.secrets()) {
      findings.addAll(secrets(in, history.blobs(), sizes, cache));
    }
    return findings;
  }

  private List<Finding> secrets(PolicyInput in, List<HistoryWalk.BlobUse> uses, Map<String, Long> sizes,
      VerdictCache cache) throws IOException {
    List<ObjectId> toScan = uses.stream().map(HistoryWalk.BlobUse::blobId).distinct()
        .filter(id -> sizes.getOrDefault(id, 0L) <= MAX_SCAN_BYTES).map(ObjectId::fromString).toList();
    long scanStart = System.nanoTime();
    int scanned = new SecretScan(in.repository(), cache).scan(toScan);
    progress.info("policy: scanned " + scanned + " blobs for credentials (" + (toScan.size() - scanned)
        + " known from earlier runs) in " + (System.nanoTime() - scanStart) / 1_000_000 + " ms");
    List<Finding> findings = new ArrayList<>();
    for (HistoryWalk.BlobUse use : uses) {
      for (String rule : cache.get(use.blobId()) == null ? List.<String>of() : cache.get(use.blobId())) {
        findings.add(new Finding(rule, use.path(), use.commit(), use.ref(), use.blobId(), null));
      }
    }
    return findings;
  }

  /** LFS objects' content, where it is on disk and small enough to be a credential file. */
  private List<Finding> lfsSecrets(PolicyInput in, Map<String, HistoryWalk.BlobUse> lfsUses) throws IOException {
    List<Finding> findings = new ArrayList<>();
    for (Manifest.LfsObject o : in.lfs()) {
      PayloadEntry.Opener opener = in.lfsContent() == null ? null : in.lfsContent().apply(o.oid());
      if (opener == null || o.size() > MAX_SCAN_BYTES || policy.maxFileSize() > 0 && o.size() > policy.maxFileSize()) {
        continue;
      }
      byte[] content;
      try (java.io.InputStream stream = opener.open()) {
        content = stream.readAllBytes();
      }
      if (SecretRules.isBinary(content)) {
        continue;
      }
      HistoryWalk.BlobUse use = lfsUses.get(o.oid());
      for (String rule : SecretRules.match(content)) {
        findings.add(new Finding(rule, use == null ? null : use.path(), use == null ? null : use.commit(),
            use == null ? null : use.ref(), "lfs:" + o.oid(), "in the Git LFS object " + o.oid()));
      }
    }
    return findings;
  }

  /** The LFS objects' findings: credentials in their content (with secrets) and their sizes. */
  private List<Finding> lfs(PolicyInput in, Map<String, HistoryWalk.BlobUse> uses) throws IOException {
    List<Finding> findings = new ArrayList<>();
    if (policy.secrets()) {
      findings.addAll(lfsSecrets(in, uses));
    }
    if (policy.maxFileSize() <= 0) {
      return findings;
    }
    for (Manifest.LfsObject o : in.lfs().stream().sorted(Comparator.comparing(Manifest.LfsObject::oid)).toList()) {
      if (o.size() > policy.maxFileSize()) {
        HistoryWalk.BlobUse use = uses.get(o.oid());
        findings.add(new Finding("max-file-size", use == null ? null : use.path(), use == null ? null : use.commit(),
            use == null ? null : use.ref(), "lfs:" + o.oid(), "Git LFS object " + o.oid() + " of "
            + ByteSize.format(o.size()) + ", over the limit of " + ByteSize.format(policy.maxFileSize())));
      }
    }
    return findings;
  }

  private static long sizeOf(ObjectReader reader, String id) {
    try {
      return reader.getObjectSize(ObjectId.fromString(id), Constants.OBJ_BLOB);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The LFS object a small blob points to, or null when it is not a pointer file. */
  static String lfsPointerOid(ObjectReader reader, String blobId) throws IOException {
    byte[] content = reader.open(ObjectId.fromString(blobId), Constants.OBJ_BLOB).getCachedBytes(1024);
    String text = new String(content, java.nio.charset.StandardCharsets.US_ASCII);
    if (!text.startsWith("version https://git-lfs.github.com/spec/v1")) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^oid sha256:([0-9a-f]{64})$").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** Groups findings by rule, for summaries. */
  public static Map<String, Long> countByRule(List<Finding> findings) {
    return findings.stream().collect(Collectors.groupingBy(Finding::rule, java.util.TreeMap::new, Collectors.counting()));
  }
}
