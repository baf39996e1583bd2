package io.airgap.archiver.signing;

import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/** Decides which (sub)key of a certificate may encrypt, the way gpg does: flags, algorithm, not revoked or expired. */
final class EncryptionKeys {
  private EncryptionKeys() {}

  /** Why {@code key} cannot take encrypted messages now, or empty if it can. */
  static Optional<String> problem(PGPPublicKey key, Instant now) {
    if (!canEncrypt(key.getAlgorithm())) {
      return Optional.of("uses an algorithm that cannot encrypt");
    }
    if (key.hasRevocation()) {
      return Optional.of("is revoked");
    }
    long valid = key.getValidSeconds();
    if (valid > 0 && key.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
      return Optional.of("has expired");
    }
    Integer flags = flags(key);
    if (flags != null && (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) == 0) {
      return Optional.of("is not flagged for encryption");
    }
    return Optional.empty();
  }

  private static boolean canEncrypt(int algorithm) {
    return switch (algorithm) {
      case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT, PublicKeyAlgorithmTags.ECDH,
          PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL,
          PublicKeyAlgorithmTags.X25519, PublicKeyAlgorithmTags.X448 -> true;
      default -> false;
    };
  }

  /** Key flags from the newest binding or self signature that carries them; null when none does (old keys). */
  private static Integer flags(PGPPublicKey key) {
    PGPSignature newest = null;
    for (Iterator<PGPSignature> sigs = key.getSignatures(); sigs.hasNext(); ) {
      PGPSignature sig = sigs.next();
      if (sig.getHashedSubPackets() == null || sig.getHashedSubPackets().getKeyFlags() == 0) {
        continue;
      }
      if (newest == null || sig.getCreationTime().after(newest.getCreationTime())) {
        newest = sig;
      }
    }
    return newest == null ? null : newest.getHashedSubPackets().getKeyFlags();
  }
}
