package io.airgap.archiver.sync;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.lfs.LfsCollection;
import io.airgap.archiver.policy.Finding;
import io.airgap.archiver.policy.PolicyCheck;
import io.airgap.archiver.policy.PolicyInput;
import io.airgap.archiver.progress.ProgressListener;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.Repository;

/**
 * Holds one push of a sync to the content policy, as restore does: the history its refs reach beyond
 * what the receiving side holds, and every LFS object by size and content. Throws on a violation.
 */
final class SyncPolicy {
  private SyncPolicy() {}

  static void check(SyncOptions options, ProgressListener progress, Repository from, List<RefChange> plan,
      Collection<String> held, LfsCollection lfs, String receiver) throws ArchiverException {
    PolicyCheck check = new PolicyCheck(options.policy(), options.cacheRoot(), progress);
    List<Finding> findings = check.findings(PolicyInput.ofPush(from, plan, held, lfs.carried(), lfs.files()::get,
        List.of(), -1));
    check.enforce(findings, "what sync would push to " + receiver);
    progress.info("policy " + options.policy().sha256().substring(0, 12) + " passed for " + receiver);
  }
}
