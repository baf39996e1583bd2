package io.airgap.archiver.sync;

import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code sync} run was asked for, resolved from the API command's options: the same value
 * drives the real run and the dry run. With {@code bidirectional}, there is exactly one target.
 */
public record SyncOptions(
    GitRemote source,
    List<SyncTarget> targets,
    List<String> includeRefs,
    List<String> excludeRefs,
    Path cacheRoot,
    boolean lfs,
    LfsOptions lfsOptions,
    ConflictPolicy conflictPolicy,
    boolean prune,
    boolean bidirectional,
    Map<String, String> env,
    boolean dryRun,
    Policy policy,
    CredentialScope credentialScope) {

  public SyncOptions {
    targets = List.copyOf(targets);
    includeRefs = List.copyOf(includeRefs);
    excludeRefs = List.copyOf(excludeRefs);
    env = Map.copyOf(env);
  }

  public RefFilter refFilter() {
    return RefFilter.of(includeRefs, excludeRefs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets the options by name; unset ones keep the defaults of {@code archiver sync}. */
  public static final class Builder {
    private GitRemote source;
    private List<SyncTarget> targets = List.of();
    private List<String> includeRefs = List.of();
    private List<String> excludeRefs = List.of();
    private Path cacheRoot;
    private boolean lfs = true;
    private LfsOptions lfsOptions = LfsOptions.DEFAULT;
    private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
    private boolean prune;
    private boolean bidirectional;
    private Map<String, String> env = Map.of();
    private boolean dryRun;
    private Policy policy;
    private CredentialScope credentialScope;

    private Builder() {}

    public Builder source(GitRemote value) { this.source = value; return this; }
    public Builder targets(List<SyncTarget> value) { this.targets = value; return this; }
    public Builder includeRefs(List<String> value) { this.includeRefs = value; return this; }
    public Builder excludeRefs(List<String> value) { this.excludeRefs = value; return this; }
    public Builder cacheRoot(Path value) { this.cacheRoot = value; return this; }
    public Builder lfs(boolean value) { this.lfs = value; return this; }
    public Builder lfsOptions(LfsOptions value) { this.lfsOptions = value; return this; }
    public Builder conflictPolicy(ConflictPolicy value) { this.conflictPolicy = value; return this; }
    public Builder prune(boolean value) { this.prune = value; return this; }
    public Builder bidirectional(boolean value) { this.bidirectional = value; return this; }
    public Builder env(Map<String, String> value) { this.env = value; return this; }
    public Builder dryRun(boolean value) { this.dryRun = value; return this; }
    /** What every push must pass (null: none); a violation leaves that target untouched. */
    public Builder policy(Policy value) { this.policy = value; return this; }
    /** Where the source's credentials may go; null: the source's own origin. */
    public Builder credentialScope(CredentialScope value) { this.credentialScope = value; return this; }

    public SyncOptions build() {
      return new SyncOptions(source, targets, includeRefs, excludeRefs, cacheRoot, lfs, lfsOptions, conflictPolicy,
          prune, bidirectional, env, dryRun, policy, credentialScope);
    }
  }
}
