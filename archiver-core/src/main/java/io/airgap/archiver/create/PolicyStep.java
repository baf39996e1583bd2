package io.airgap.archiver.create;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.policy.Finding;
import io.airgap.archiver.policy.PolicyCheck;
import io.airgap.archiver.policy.PolicyInput;
import io.airgap.archiver.steps.Step;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds the archive to the content policy before anything is written: the blobs the bundle carries
 * (new since the base), the LFS objects and dependencies collected, and the content's size.
 */
final class PolicyStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Checking the content policy " + c.options.policy().sha256().substring(0, 12);
  }

  @Override
  public boolean enabled(CreateContext c) {
    return c.options.policy() != null;
  }

  @Override
  public boolean writes() {
    return true; // needs the fetched history and the collected LFS objects and dependencies
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    Map<String, PayloadEntry> entries = c.payload.stream()
        .collect(Collectors.toMap(PayloadEntry::name, e -> e, (a, b) -> a));
    Function<String, PayloadEntry.Opener> lfs = oid -> {
      PayloadEntry e = entries.get(ArchiveLayout.lfsObjectPath(oid));
      return e == null ? null : e.opener();
    };
    long size = c.payload.stream().mapToLong(PayloadEntry::size).sum();
    PolicyCheck check = new PolicyCheck(c.options.policy(), c.options.cacheRoot(), c.progress);
    List<Finding> findings = check.findings(new PolicyInput(c.state.cache(), c.state.refs(), c.assumedCommits,
        c.lfs.carried(), lfs, c.dependencies.records(), size));
    check.enforce(findings, "the archive of " + c.options.remote().display());
    c.progress.info("policy " + c.options.policy().sha256().substring(0, 12) + " passed ("
        + findings.size() + " allowed finding" + (findings.size() == 1 ? "" : "s") + ")");
  }

  @Override
  public void describe(CreateContext c) {
    c.progress.info("dry run: would check the archive against the content policy "
        + c.options.policy().sha256().substring(0, 12));
  }
}
