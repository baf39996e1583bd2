package io.airgap.archiver.signing;

import io.airgap.archiver.base.OperationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Generates Ed25519 OpenPGP signing keys that gpg 2.2 and later can import and verify. */
public final class SigningKeyGenerator {
  /** Encoded S2K count 0xF0: 33.5 MB hashed per unlock, about what gpg calibrates to on current hardware. */
  private static final int S2K_COUNT = 0xF0;

  private SigningKeyGenerator() {}

  /**
   * A v4 Ed25519 key (legacy EdDSA, algorithm 22, which gpg 2.2 understands) allowed to certify and sign, with a
   * self-signed user ID preferring SHA-512 and SHA-256. A null or empty passphrase leaves the secret key
   * unprotected; otherwise it is encrypted with AES-256 under an iterated and salted SHA-256 S2K.
   */
  public static GeneratedKeyPair generate(String userId, char[] passphrase, Instant creationTime)
      throws OperationFailedException {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(creationTime, "creationTime");
    if (userId.isBlank()) {
      throw new IllegalArgumentException("user ID must not be blank");
    }
    Date created = Date.from(creationTime.truncatedTo(ChronoUnit.SECONDS));
    try {
      Ed25519KeyPairGenerator keys = new Ed25519KeyPairGenerator();
      keys.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
      PGPKeyPair keyPair = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, keys.generateKeyPair(), created);
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
          PGPSignature.POSITIVE_CERTIFICATION,
          keyPair,
          userId,
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), // the RFC 4880 secret-key checksum
          selfSignatureSubpackets(keyPair, created),
          null,
          new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
          encryptor(passphrase));
      return new GeneratedKeyPair(
          new String(OpenPgpData.armor(rings.generateSecretKeyRing().getEncoded()), StandardCharsets.US_ASCII),
          new String(OpenPgpData.armor(rings.generatePublicKeyRing().getEncoded()), StandardCharsets.US_ASCII),
          OpenPgpData.fingerprint(keyPair.getPublicKey()));
    } catch (PGPException | IOException e) {
      throw new OperationFailedException("could not generate a signing key: " + e.getMessage(), e);
    }
  }

  private static PGPSignatureSubpacketVector selfSignatureSubpackets(PGPKeyPair keyPair, Date created) {
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    // Dated like the key, not "now", so a key made for a past instant is not self-signed in its future.
    hashed.setSignatureCreationTime(false, created);
    hashed.setIssuerFingerprint(false, keyPair.getPublicKey());
    hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
    hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
    hashed.setPreferredSymmetricAlgorithms(
        false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
    hashed.setPreferredCompressionAlgorithms(false, new int[] {
      CompressionAlgorithmTags.ZLIB, CompressionAlgorithmTags.ZIP, CompressionAlgorithmTags.UNCOMPRESSED
    });
    hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
    hashed.setPrimaryUserID(false, true);
    return hashed.generate();
  }

  private static PBESecretKeyEncryptor encryptor(char[] passphrase) throws PGPException {
    if (passphrase == null || passphrase.length == 0) {
      return null;
    }
    return new BcPBESecretKeyEncryptorBuilder(
            SymmetricKeyAlgorithmTags.AES_256,
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256),
            S2K_COUNT)
        .build(passphrase);
  }
}
