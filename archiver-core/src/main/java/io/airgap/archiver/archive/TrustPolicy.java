package io.airgap.archiver.archive;

import io.airgap.archiver.signing.TrustedKeys;

/**
 * Which signatures an archive must carry: with {@code trustedKeys} the signature must verify
 * against them; {@code allowUnsigned} accepts archives whose signature cannot be checked.
 */
public record TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned) {
  public static TrustPolicy integrityOnly() {
    return new TrustPolicy(null, true);
  }
}
