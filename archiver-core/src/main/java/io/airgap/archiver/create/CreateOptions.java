package io.airgap.archiver.create;

import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.deps.DependencySpec;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.policy.Policy;
import io.airgap.archiver.signing.ArchiveSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one {@code create} run was asked for, resolved from the API command's options: the same
 * value drives the real run and the dry run.
 */
public record CreateOptions(
    GitRemote remote,
    List<String> includeRefs,
    List<String> excludeRefs,
    Path cacheRoot,
    String archiveName,
    Instant createdAt,
    ArchiveSigner signer,
    ArchiveOutput output,
    String baseSpec,
    boolean sinceLast,
    boolean allowEmpty,
    boolean lfs,
    LfsOptions lfsOptions,
    boolean dependencies,
    DependencySpec dependencySpec,
    Map<String, String> env,
    boolean dryRun,
    Manifest.Forge forge,
    boolean recurseSubmodules,
    Policy policy,
    Duration lockTimeout,
    CredentialScope credentialScope,
    ReportedBase reportedBase) {

  public CreateOptions {
    includeRefs = List.copyOf(includeRefs);
    excludeRefs = List.copyOf(excludeRefs);
    env = Map.copyOf(env);
  }

  public RefFilter refFilter() {
    return RefFilter.of(includeRefs, excludeRefs);
  }

  /** The selected ref globs, for messages. */
  public List<String> selectedRefs() {
    return includeRefs.isEmpty() ? RefFilter.DEFAULT_INCLUDES : includeRefs;
  }

  public String signerFingerprint() {
    return signer == null ? null : signer.fingerprint();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets the options by name; unset ones keep the defaults of {@code archiver create}. */
  public static final class Builder {
    private GitRemote remote;
    private List<String> includeRefs = List.of();
    private List<String> excludeRefs = List.of();
    private Path cacheRoot;
    private String archiveName;
    private Instant createdAt;
    private ArchiveSigner signer;
    private ArchiveOutput output;
    private String baseSpec;
    private boolean sinceLast;
    private boolean allowEmpty;
    private boolean lfs = true;
    private LfsOptions lfsOptions = LfsOptions.DEFAULT;
    private boolean dependencies = true;
    private DependencySpec dependencySpec = DependencySpec.defaults();
    private Map<String, String> env = Map.of();
    private boolean dryRun;
    private Policy policy;
    private Manifest.Forge forge;
    private boolean recurseSubmodules;
    private Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;
    private CredentialScope credentialScope;
    private ReportedBase reportedBase;

    private Builder() {}

    public Builder remote(GitRemote value) { this.remote = value; return this; }
    public Builder includeRefs(List<String> value) { this.includeRefs = value; return this; }
    public Builder excludeRefs(List<String> value) { this.excludeRefs = value; return this; }
    public Builder cacheRoot(Path value) { this.cacheRoot = value; return this; }
    public Builder archiveName(String value) { this.archiveName = value; return this; }
    public Builder createdAt(Instant value) { this.createdAt = value; return this; }
    public Builder signer(ArchiveSigner value) { this.signer = value; return this; }
    public Builder output(ArchiveOutput value) { this.output = value; return this; }
    public Builder baseSpec(String value) { this.baseSpec = value; return this; }
    public Builder sinceLast(boolean value) { this.sinceLast = value; return this; }
    public Builder allowEmpty(boolean value) { this.allowEmpty = value; return this; }
    public Builder lfs(boolean value) { this.lfs = value; return this; }
    public Builder lfsOptions(LfsOptions value) { this.lfsOptions = value; return this; }
    public Builder dependencies(boolean value) { this.dependencies = value; return this; }
    public Builder dependencySpec(DependencySpec value) { this.dependencySpec = value; return this; }
    public Builder env(Map<String, String> value) { this.env = value; return this; }
    public Builder dryRun(boolean value) { this.dryRun = value; return this; }
    public Builder lockTimeout(Duration value) { this.lockTimeout = value; return this; }
    /** The content policy the archive must pass, or null for none. */
    public Builder policy(Policy value) { this.policy = value; return this; }
    /** Where the repository lives on its forge (discovery), recorded in the manifest; null for none. */
    public Builder forge(Manifest.Forge value) { this.forge = value; return this; }
    /** Records the submodules {@code .gitmodules} names at every archived ref tip. */
    public Builder recurseSubmodules(boolean value) { this.recurseSubmodules = value; return this; }
    /** Where the source's credentials may go; null: the source's own origin. */
    public Builder credentialScope(CredentialScope value) { this.credentialScope = value; return this; }

    /** The base the air-gapped side reports holding (a receipt); null: none. */
    public Builder reportedBase(ReportedBase value) { this.reportedBase = value; return this; }

    public CreateOptions build() {
      return new CreateOptions(remote, includeRefs, excludeRefs, cacheRoot, archiveName, createdAt, signer, output, baseSpec, sinceLast, allowEmpty, lfs, lfsOptions, dependencies, dependencySpec, env, dryRun, forge, recurseSubmodules, policy, lockTimeout, credentialScope, reportedBase);
    }
  }
}
