package io.airgap.archiver.archive;

import io.airgap.archiver.api.UntrustedArchiveException;
import io.airgap.archiver.signing.TrustedKeys;
import java.util.List;
import java.util.Locale;

/**
 * Which signatures an archive must carry: with {@code trustedKeys} the signature must verify
 * against them (and, with {@code requiredSigners}, be made by one of those fingerprints);
 * {@code allowUnsigned} accepts archives whose signature cannot be checked.
 */
public record TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned, List<String> requiredSigners) {
  public TrustPolicy {
    requiredSigners = requiredSigners == null ? List.of()
        : requiredSigners.stream().map(f -> f.replace(" ", "").toUpperCase(Locale.ROOT)).toList();
  }

  public TrustPolicy(TrustedKeys trustedKeys, boolean allowUnsigned) {
    this(trustedKeys, allowUnsigned, List.of());
  }

  public static TrustPolicy integrityOnly() {
    return new TrustPolicy(null, true);
  }

  /** Refuses a verified signer that is not among the required ones. */
  void checkSigner(String fingerprint) throws UntrustedArchiveException {
    if (!requiredSigners.isEmpty() && !requiredSigners.contains(fingerprint.toUpperCase(Locale.ROOT))) {
      throw new UntrustedArchiveException("the archive was signed by " + fingerprint
          + ", a trusted key, but not by the required signer " + String.join(" or ", requiredSigners));
    }
  }
}
