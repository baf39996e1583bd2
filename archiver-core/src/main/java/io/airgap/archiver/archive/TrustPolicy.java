package io.airgap.archiver.archive;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.signing.TrustedKeys;
import java.util.List;
import java.util.Locale;

/**
 * What an archive must satisfy to be read: with {@code trustedKeys} the signature must verify
 * against them (and, with {@code requiredSigners}, be made by one of those fingerprints);
 * {@code allowUnsigned} accepts archives whose signature cannot be checked; {@code limits} bound
 * how far it may expand.
 */
public record TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned, List<String> requiredSigners,
    ArchiveLimits limits) {
  public TrustPolicy {
    requiredSigners = requiredSigners == null ? List.of()
        : requiredSigners.stream().map(f -> f.replace(" ", "").toUpperCase(Locale.ROOT)).toList();
    limits = limits == null ? ArchiveLimits.DEFAULT : limits;
  }

  /** With the limits of the process environment ({@code ARCHIVER_MAX_EXPANSION}...) or the defaults. */
  public TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned) {
    this(trustedKeys, allowUnsigned, List.of(), ArchiveLimits.fromProcessEnvironment());
  }

  public TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned, ArchiveLimits limits) {
    this(trustedKeys, allowUnsigned, List.of(), limits);
  }

  public static TrustPolicy integrityOnly() {
    return new TrustPolicy(null, true);
  }

  public TrustPolicy withLimits(ArchiveLimits newLimits) {
    return new TrustPolicy(trustedKeys, allowUnsigned, requiredSigners, newLimits);
  }

  /** Refuses a verified signer that is not among the required ones. */
  void checkSigner(String fingerprint) throws UntrustedArchiveException {
    if (!requiredSigners.isEmpty() && !requiredSigners.contains(fingerprint.toUpperCase(Locale.ROOT))) {
      throw new UntrustedArchiveException("the archive was signed by " + fingerprint
          + ", a trusted key, but not by the required signer " + String.join(" or ", requiredSigners));
    }
  }
}
