package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/** Unlocks secret decryption keys and proves each one works, so a wrong passphrase is reported up front. */
final class SecretKeys {
  private static final byte[] PROBE = "air-gap archiver key check".getBytes(StandardCharsets.US_ASCII);

  private SecretKeys() {}

  static PGPPrivateKey unlock(java.nio.file.Path file, PGPSecretKey key, char[] passphrase)
      throws InvalidRequestException {
    String name = "secret key " + OpenPgpData.keyId(key.getKeyID()) + " in " + file;
    boolean protectedKey = key.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
    if (protectedKey && (passphrase == null || passphrase.length == 0)) {
      throw new InvalidRequestException(name + " is protected by a passphrase, but none was given"
          + " (ARCHIVER_KEY_PASSPHRASE or --passphrase-file)");
    }
    PGPPrivateKey privateKey;
    try {
      privateKey = protectedKey ? PassphraseUnlock.extract(key, passphrase) : key.extractPrivateKey(null);
    } catch (PGPException | RuntimeException e) {
      privateKey = null;
    }
    // Old keys guard their secret part with a 16-bit checksum only; a round trip cannot be fooled.
    if (privateKey == null || !decryptsProbe(key.getPublicKey(), privateKey)) {
      throw new InvalidRequestException(protectedKey
          ? "cannot unlock " + name + ": wrong passphrase"
          : "cannot use " + name + ": its secret part does not match its public key");
    }
    return privateKey;
  }

  private static boolean decryptsProbe(PGPPublicKey publicKey, PGPPrivateKey privateKey) {
    try {
      PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
          new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
              .setSecureRandom(new SecureRandom()));
      generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(publicKey));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream enc = generator.open(bytes, new byte[1 << 10]);
          OutputStream lit = new PGPLiteralDataGenerator().open(enc, PGPLiteralData.BINARY, "", PROBE.length,
              new Date(0))) {
        lit.write(PROBE);
      }
      PGPEncryptedDataList list = (PGPEncryptedDataList) new BcPGPObjectFactory(bytes.toByteArray()).nextObject();
      PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
      PGPLiteralData literal = (PGPLiteralData) new BcPGPObjectFactory(
          data.getDataStream(new BcPublicKeyDataDecryptorFactory(privateKey))).nextObject();
      return Arrays.equals(PROBE, literal.getDataStream().readAllBytes()) && data.verify();
    } catch (PGPException | IOException | RuntimeException e) {
      return false;
    }
  }
}
