package io.airgap.archiver.signing;

import io.airgap.archiver.base.OperationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Generates the air-gapped side's decryption key: an Ed25519 primary (certify only) with a Curve25519 ECDH
 * encryption subkey, the v4 "cv25519" form gpg 2.2 imports and decrypts with.
 */
public final class EncryptionKeyGenerator {
  private static final int S2K_COUNT = 0xF0;

  private EncryptionKeyGenerator() {}

  /** Null or empty {@code passphrase} leaves the secret keys unprotected; otherwise AES-256, iterated SHA-256 S2K. */
  public static GeneratedKeyPair generate(String userId, char[] passphrase, Instant creationTime)
      throws OperationFailedException {
    Objects.requireNonNull(userId, "userId");
    Date created = Date.from(Objects.requireNonNull(creationTime, "creationTime").truncatedTo(ChronoUnit.SECONDS));
    try {
      Ed25519KeyPairGenerator ed = new Ed25519KeyPairGenerator();
      ed.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
      PGPKeyPair primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, ed.generateKeyPair(), created);
      X25519KeyPairGenerator x = new X25519KeyPairGenerator();
      x.init(new X25519KeyGenerationParameters(new SecureRandom()));
      PGPKeyPair subkey = new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH, x.generateKeyPair(), created);

      PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
      primaryPackets.setSignatureCreationTime(false, created);
      primaryPackets.setIssuerFingerprint(false, primary.getPublicKey());
      primaryPackets.setKeyFlags(false, KeyFlags.CERTIFY_OTHER);
      primaryPackets.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      primaryPackets.setPreferredSymmetricAlgorithms(
          false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
      primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
      primaryPackets.setPrimaryUserID(false, true);

      PGPSignatureSubpacketGenerator subPackets = new PGPSignatureSubpacketGenerator();
      subPackets.setSignatureCreationTime(false, created);
      subPackets.setIssuerFingerprint(false, primary.getPublicKey());
      subPackets.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), primaryPackets.generate(), null,
          new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
          encryptor(passphrase));
      rings.addSubKey(subkey, subPackets.generate(), null);
      return new GeneratedKeyPair(
          new String(OpenPgpData.armor(rings.generateSecretKeyRing().getEncoded()), StandardCharsets.US_ASCII),
          new String(OpenPgpData.armor(rings.generatePublicKeyRing().getEncoded()), StandardCharsets.US_ASCII),
          OpenPgpData.fingerprint(primary.getPublicKey()));
    } catch (PGPException | IOException e) {
      throw new OperationFailedException("could not generate an encryption key: " + e.getMessage(), e);
    }
  }

  private static PBESecretKeyEncryptor encryptor(char[] passphrase) throws PGPException {
    if (passphrase == null || passphrase.length == 0) {
      return null;
    }
    return new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
        new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), S2K_COUNT).build(passphrase);
  }
}
