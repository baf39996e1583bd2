package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.custody.Approvals;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.policy.Policy;
import io.airgap.archiver.publish.PublishTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@code restore} run was asked for, resolved from the API command's options: the same
 * value drives the real run and the dry run.
 *
 * @param workspace the workspace folder (for the default, see {@link RestoreSteps#defaultWorkspace})
 * @param dependenciesDir where vendored dependencies are laid out, or null for nowhere
 * @param policy the content policy what is pushed must pass, or null
 * @param requiredPolicy the SHA-256 of the policy every archive must have passed at creation, or null
 * @param approvals the approval every archive applied must have, or null for none
 * @param publishTargets the internal registries the vendored dependencies are published to (none: not published)
 */
public record RestoreOptions(
    List<ArchiveHeader> archives,
    TrustPolicy trust,
    TargetRepository target,
    LfsTarget lfsTarget,
    Path workspace,
    Path dependenciesDir,
    ConflictPolicy conflictPolicy,
    boolean prune,
    boolean allowRollback,
    boolean dryRun,
    Policy policy,
    String requiredPolicy,
    Duration lockTimeout,
    Approvals.Requirement approvals,
    List<PublishTarget> publishTargets) {

  public RestoreOptions {
    archives = List.copyOf(archives);
    publishTargets = publishTargets == null ? List.of() : List.copyOf(publishTargets);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets the options by name; unset ones keep the defaults of {@code archiver restore}. */
  public static final class Builder {
    private List<ArchiveHeader> archives = List.of();
    private TrustPolicy trust;
    private TargetRepository target;
    private LfsTarget lfsTarget;
    private Path workspace;
    private Path dependenciesDir;
    private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
    private boolean prune;
    private boolean allowRollback;
    private boolean dryRun;
    private Policy policy;
    private String requiredPolicy;
    private Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;
    private Approvals.Requirement approvals;
    private List<PublishTarget> publishTargets = List.of();

    private Builder() {}

    public Builder archives(List<ArchiveHeader> value) { this.archives = value; return this; }
    public Builder trust(TrustPolicy value) { this.trust = value; return this; }
    public Builder target(TargetRepository value) { this.target = value; return this; }
    public Builder lfsTarget(LfsTarget value) { this.lfsTarget = value; return this; }
    public Builder workspace(Path value) { this.workspace = value; return this; }
    public Builder dependenciesDir(Path value) { this.dependenciesDir = value; return this; }
    public Builder conflictPolicy(ConflictPolicy value) { this.conflictPolicy = value; return this; }
    public Builder prune(boolean value) { this.prune = value; return this; }
    public Builder allowRollback(boolean value) { this.allowRollback = value; return this; }
    public Builder dryRun(boolean value) { this.dryRun = value; return this; }
    public Builder lockTimeout(Duration value) { this.lockTimeout = value; return this; }
    public Builder policy(Policy value) { this.policy = value; return this; }
    public Builder requiredPolicy(String sha256) { this.requiredPolicy = sha256; return this; }
    public Builder approvals(Approvals.Requirement value) { this.approvals = value; return this; }
    public Builder publishTargets(List<PublishTarget> value) { this.publishTargets = value; return this; }

    public RestoreOptions build() {
      return new RestoreOptions(archives, trust, target, lfsTarget, workspace, dependenciesDir, conflictPolicy, prune,
          allowRollback, dryRun, policy, requiredPolicy, lockTimeout, approvals, publishTargets);
    }
  }
}
