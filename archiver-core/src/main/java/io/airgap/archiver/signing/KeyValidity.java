package io.airgap.archiver.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Decides whether a primary key or subkey could make data signatures at a given time, from the self-signatures of
 * its certificate (binding, flags, expiry, revocation). Only signatures that verify against the primary key count.
 */
final class KeyValidity {
  private KeyValidity() {}

  /** Why {@code key} (the primary itself or one of its subkeys) cannot sign data at {@code time}; empty if it can. */
  static Optional<String> signingProblem(PGPPublicKey primary, PGPPublicKey key, Instant time) {
    if (!canSign(key.getAlgorithm())) {
      return Optional.of("uses public-key algorithm " + key.getAlgorithm() + ", which cannot sign");
    }
    Instant created = key.getCreationTime().toInstant();
    if (created.isAfter(time)) {
      return Optional.of("was created on " + created + ", after " + time);
    }
    Optional<String> primaryRevoked = revocation(primary, primary, PGPSignature.KEY_REVOCATION, time);
    if (primaryRevoked.isPresent()) {
      return primaryProblem(key, primaryRevoked.get());
    }
    PGPSignature primarySelfSignature = newestPrimarySelfSignature(primary);
    if (primarySelfSignature == null) {
      return primaryProblem(key, "has no valid self-signature");
    }
    Optional<String> primaryExpired = expiry(primary, primarySelfSignature, time);
    if (primaryExpired.isPresent()) {
      return primaryProblem(key, primaryExpired.get());
    }
    if (key.isMasterKey()) {
      return flagsProblem(primarySelfSignature);
    }
    PGPSignature binding =
        newest(key, PGPSignature.SUBKEY_BINDING, sig -> sig.verifyCertification(primary, key), primary);
    if (binding == null) {
      return Optional.of("is not bound to its primary key by a valid signature");
    }
    Optional<String> problem = revocation(primary, key, PGPSignature.SUBKEY_REVOCATION, time);
    if (problem.isEmpty()) {
      problem = expiry(key, binding, time);
    }
    return problem.isPresent() ? problem : flagsProblem(binding);
  }

  /** Whether the algorithm can make signatures at all (RSA, DSA, ECDSA, EdDSA). */
  private static boolean canSign(int algorithm) {
    return switch (algorithm) {
      case PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_SIGN,
          PublicKeyAlgorithmTags.DSA,
          PublicKeyAlgorithmTags.ECDSA,
          PublicKeyAlgorithmTags.EDDSA_LEGACY,
          PublicKeyAlgorithmTags.Ed25519,
          PublicKeyAlgorithmTags.Ed448 -> true;
      default -> false;
    };
  }

  private static Optional<String> primaryProblem(PGPPublicKey key, String problem) {
    return Optional.of(key.isMasterKey() ? problem : "belongs to a primary key that " + problem);
  }

  private static Optional<String> flagsProblem(PGPSignature selfSignature) {
    PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
    // A key without a key-flags subpacket predates them; its algorithm decides, as in gpg.
    if (hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS) && (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
      return Optional.of("is not allowed to sign data (its key flags lack 'sign')");
    }
    return Optional.empty();
  }

  private static Optional<String> expiry(PGPPublicKey key, PGPSignature selfSignature, Instant time) {
    long validSeconds = selfSignature.getHashedSubPackets().getKeyExpirationTime();
    if (validSeconds <= 0) {
      return Optional.empty();
    }
    Instant expires = key.getCreationTime().toInstant().plusSeconds(validSeconds);
    return time.isBefore(expires) ? Optional.empty() : Optional.of("expired on " + expires);
  }

  /**
   * A hard revocation (compromised key, or no reason given) voids every signature; a soft one (superseded,
   * retired) only those made after it, so archives signed earlier stay valid.
   */
  private static Optional<String> revocation(PGPPublicKey primary, PGPPublicKey key, int type, Instant time) {
    Iterator<PGPSignature> revocations = key.getSignaturesOfType(type);
    while (revocations.hasNext()) {
      PGPSignature revocation = revocations.next();
      boolean valid = verifies(revocation, primary,
          sig -> key.isMasterKey() ? sig.verifyCertification(key) : sig.verifyCertification(primary, key));
      Instant revokedAt = revocation.getCreationTime().toInstant();
      if (valid && (revocation.isHardRevocation() || !revokedAt.isAfter(time))) {
        return Optional.of("was revoked on " + revokedAt + reason(revocation));
      }
    }
    return Optional.empty();
  }

  private static String reason(PGPSignature revocation) {
    RevocationReason reason = revocation.getHashedSubPackets().getRevocationReason();
    if (reason == null) {
      return " (no reason given)";
    }
    String description = reason.getRevocationDescription();
    String code = switch (reason.getRevocationReason()) {
      case 1 -> "key superseded";
      case 2 -> "key compromised";
      case 3 -> "key retired";
      default -> "reason code " + reason.getRevocationReason();
    };
    return " (" + code + (description == null || description.isBlank() ? "" : ": " + description) + ")";
  }

  /** Newest valid self-certification of a user ID, or direct-key signature, on the primary key. */
  private static PGPSignature newestPrimarySelfSignature(PGPPublicKey primary) {
    List<PGPSignature> candidates = new ArrayList<>();
    Iterator<byte[]> userIds = primary.getRawUserIDs();
    while (userIds.hasNext()) {
      byte[] userId = userIds.next();
      PGPSignature certification = newestForUserId(primary, userId, false);
      PGPSignature revocation = newestForUserId(primary, userId, true);
      if (certification != null
          && (revocation == null || revocation.getCreationTime().before(certification.getCreationTime()))) {
        candidates.add(certification);
      }
    }
    PGPSignature direct = newest(primary, PGPSignature.DIRECT_KEY, sig -> sig.verifyCertification(primary), primary);
    if (direct != null) {
      candidates.add(direct);
    }
    return candidates.stream()
        .max((a, b) -> a.getCreationTime().compareTo(b.getCreationTime()))
        .orElse(null);
  }

  private static PGPSignature newestForUserId(PGPPublicKey primary, byte[] userId, boolean revocations) {
    PGPSignature newest = null;
    Iterator<PGPSignature> signatures = primary.getSignaturesForID(userId);
    while (signatures != null && signatures.hasNext()) {
      PGPSignature sig = signatures.next();
      boolean wanted = revocations
          ? sig.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION
          : PGPSignature.isCertification(sig.getSignatureType());
      if (wanted && isNewer(sig, newest) && verifies(sig, primary, s -> s.verifyCertification(userId, primary))) {
        newest = sig;
      }
    }
    return newest;
  }

  private static PGPSignature newest(PGPPublicKey key, int type, Check check, PGPPublicKey primary) {
    PGPSignature newest = null;
    Iterator<PGPSignature> signatures = key.getSignaturesOfType(type);
    while (signatures.hasNext()) {
      PGPSignature sig = signatures.next();
      if (isNewer(sig, newest) && verifies(sig, primary, check)) {
        newest = sig;
      }
    }
    return newest;
  }

  private static boolean isNewer(PGPSignature sig, PGPSignature than) {
    return than == null || sig.getCreationTime().after(than.getCreationTime());
  }

  private static boolean verifies(PGPSignature sig, PGPPublicKey primary, Check check) {
    long issuer = sig.getKeyID();
    // Skip third-party certifications cheaply; only the primary key's own signatures say anything here.
    if (issuer != 0 && issuer != primary.getKeyID()) {
      return false;
    }
    // Verifying mutates the signature object, which belongs to a certificate shared by every caller.
    synchronized (sig) {
      try {
        sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
        return check.verify(sig);
      } catch (PGPException | RuntimeException e) {
        return false;
      }
    }
  }

  /** One of PGPSignature's verifyCertification overloads. */
  @FunctionalInterface
  private interface Check {
    boolean verify(PGPSignature initialised) throws PGPException;
  }
}
