package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.lfs.LfsObjectStore;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.policy.Finding;
import io.airgap.archiver.policy.PolicyCheck;
import io.airgap.archiver.policy.PolicyInput;
import io.airgap.archiver.steps.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds what the push would bring to the target to the content policy, before any LFS object is
 * uploaded or ref pushed: the history the planned refs reach beyond what the target holds (so an
 * archive applied by an earlier, refused run is checked again), every LFS object, the dependencies
 * and sizes of the archives given.
 */
final class PolicyStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Checking the content policy " + c.options.policy().sha256().substring(0, 12);
  }

  @Override
  public boolean enabled(RestoreContext c) {
    return c.options.policy() != null;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    List<Dependency> deps = new ArrayList<>();
    long size = 0;
    for (ArchiveHeader h : c.options.archives()) {
      deps.addAll(h.manifest().dependencies());
      size += Math.max(0, h.input().size());
    }
    LfsObjectStore store = LfsUploader.workspaceStore(c.workspace.dir());
    PolicyCheck check = new PolicyCheck(c.options.policy(), c.workspace.dir(), c.progress);
    List<Finding> findings = check.findings(PolicyInput.ofPush(c.workspace.repository(), c.actions, List.of(),
        c.state.lfs(), store::path, deps, size));
    check.enforce(findings, "what restore would push to " + c.options.target().remote().display());
    c.progress.info("policy " + c.options.policy().sha256().substring(0, 12) + " passed");
  }
}
