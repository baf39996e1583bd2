package io.airgap.archiver.policy;

import io.airgap.archiver.git.ReachableBlobs;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The blobs a transfer's refs reach, from the bitmap index where there is one: enough to decide
 * that the history holds nothing to report (every blob clean and small enough) without
 * {@link HistoryWalk}'s diff of every new commit, which is then needed only to name the findings.
 *
 * @param fresh blobs the refs reach and the receiver's commits do not
 * @param older blobs the receiver's commits reach too; a new commit may bring one back (a revert),
 *     so they must be known clean as well
 */
record ReachedBlobs(Set<ObjectId> fresh, Set<ObjectId> older) {

  /** The sets, or null when they would cost a walk of the whole history (no bitmap index, a base given). */
  static ReachedBlobs of(PolicyInput in) throws IOException {
    Set<ObjectId> fresh = new HashSet<>();
    Set<ObjectId> older = new HashSet<>();
    try (ObjectReader reader = in.repository().newObjectReader()) {
      if (!in.assumed().isEmpty() && reader.getBitmapIndex() == null) {
        return null;
      }
      ReachableBlobs.forEach(reader, in.refs().values(), in.assumed(), (b, p) -> fresh.add(b.copy()));
      if (!in.assumed().isEmpty()) {
        ReachableBlobs.forEach(reader, in.refs().values(), List.of(), (b, p) -> {
          if (!fresh.contains(b)) {
            older.add(b.copy());
          }
        });
      }
    } catch (MissingObjectException e) {
      return null; // a ref the repository lacks: the walk skips it, as it must
    }
    return new ReachedBlobs(fresh, older);
  }

  /** Whether nothing reached can give a finding: every blob within the size limit and, with secrets, known clean. */
  boolean nothingToReport(Policy policy, PolicyInput in, VerdictCache cache) throws IOException {
    try (ObjectReader reader = in.repository().newObjectReader()) {
      for (Set<ObjectId> set : List.of(fresh, older)) {
        for (ObjectId b : set) {
          if (policy.maxFileSize() > 0 && reader.getObjectSize(b, Constants.OBJ_BLOB) > policy.maxFileSize()) {
            return false;
          }
          List<String> verdict = policy.secrets() ? cache.get(b.name()) : List.of();
          if (verdict == null ? reader.getObjectSize(b, Constants.OBJ_BLOB) <= PolicyCheck.MAX_SCAN_BYTES
              : !verdict.isEmpty()) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
