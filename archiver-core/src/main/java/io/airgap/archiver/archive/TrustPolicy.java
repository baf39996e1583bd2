package io.airgap.archiver.archive;

import io.airgap.archiver.signing.TrustedKeys;

/**
 * What an archive must satisfy to be read: with {@code trustedKeys} the signature must verify
 * against them; {@code allowUnsigned} accepts archives whose signature cannot be checked;
 * {@code limits} bound how far it may expand.
 */
public record TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned, ArchiveLimits limits) {
  /** With the limits of the process environment ({@code ARCHIVER_MAX_EXPANSION}...) or the defaults. */
  public TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned) {
    this(trustedKeys, allowUnsigned, ArchiveLimits.fromProcessEnvironment());
  }

  public TrustPolicy {
    limits = limits == null ? ArchiveLimits.DEFAULT : limits;
  }

  public static TrustPolicy integrityOnly() {
    return new TrustPolicy(null, true);
  }

  public TrustPolicy withLimits(ArchiveLimits newLimits) {
    return new TrustPolicy(trustedKeys, allowUnsigned, newLimits);
  }
}
