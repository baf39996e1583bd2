package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** A loaded, unlocked secret signing key that makes detached OpenPGP signatures. */
public final class ArchiveSigner {
  private final PGPPrivateKey privateKey;
  private final PGPPublicKey signingKey;
  private final String fingerprint;
  private final String userId;

  private ArchiveSigner(PGPPrivateKey privateKey, PGPPublicKey signingKey, String fingerprint, String userId) {
    this.privateKey = privateKey;
    this.signingKey = signingKey;
    this.fingerprint = fingerprint;
    this.userId = userId;
  }

  /**
   * Reads an armoured or binary secret key file (from keygen, or {@code gpg --export-secret-keys --armor}) and
   * unlocks its signing key: the newest usable (sub)key allowed to sign. {@code passphrase} may be null for an
   * unprotected key. Every problem, including a wrong passphrase, is reported without revealing the passphrase.
   */
  public static ArchiveSigner load(Path secretKeyFile, char[] passphrase) throws InvalidRequestException {
    PGPSecretKeyRing ring = secretKeyRing(secretKeyFile, KeyFiles.read(secretKeyFile));
    String fingerprint = OpenPgpData.fingerprint(ring.getPublicKey());
    PGPSecretKey secretKey = chooseSigningKey(secretKeyFile, ring, fingerprint, Instant.now());
    PGPPrivateKey privateKey = unlock(secretKeyFile, secretKey, passphrase);
    return new ArchiveSigner(privateKey, secretKey.getPublicKey(), fingerprint,
        OpenPgpData.userId(ring.getPublicKey()));
  }

  /** Upper-case hex fingerprint of the primary key (what {@code gpg --list-keys} shows), even when a subkey signs. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The primary key's first user ID ("Name <email>"), or empty when the key has none. */
  public String userId() {
    return userId;
  }

  /** Creation time of the (sub)key that signs; no signature can be dated earlier. */
  public Instant keyCreationTime() {
    return signingKey.getCreationTime().toInstant();
  }

  /**
   * An ASCII-armoured detached v4 binary-document signature over {@code data}, dated the later of
   * {@code signatureTime} and the key's creation, in whole seconds. The armour carries no headers, so equal key,
   * data and time give identical bytes (for deterministic algorithms: EdDSA and RSA).
   */
  public byte[] sign(byte[] data, Instant signatureTime) throws OperationFailedException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(signatureTime, "signatureTime");
    Instant when = signatureTime.isBefore(keyCreationTime()) ? keyCreationTime() : signatureTime;
    try {
      PGPSignature signature = signature(privateKey, signingKey, data, when.truncatedTo(ChronoUnit.SECONDS));
      return OpenPgpData.armor(signature.getEncoded());
    } catch (PGPException | IOException e) {
      throw new OperationFailedException("could not sign with key " + fingerprint + ": " + e.getMessage(), e);
    }
  }

  /**
   * An armoured v4 canonical-text signature over {@code canonicalText} (CRLF line ends, no trailing whitespace),
   * as the cleartext signature framework needs; see {@link ClearSignedText}.
   */
  byte[] signText(byte[] canonicalText, Instant signatureTime) throws OperationFailedException {
    Instant when = signatureTime.isBefore(keyCreationTime()) ? keyCreationTime() : signatureTime;
    try {
      PGPSignature signature = signature(privateKey, signingKey, canonicalText,
          when.truncatedTo(ChronoUnit.SECONDS), PGPSignature.CANONICAL_TEXT_DOCUMENT);
      return OpenPgpData.armor(signature.getEncoded());
    } catch (PGPException | IOException e) {
      throw new OperationFailedException("could not sign with key " + fingerprint + ": " + e.getMessage(), e);
    }
  }

  /** Name of the hash algorithm this key signs with, as a cleartext signature's "Hash:" header gives it. */
  String hashName() {
    return switch (hashAlgorithm(signingKey)) {
      case HashAlgorithmTags.SHA512 -> "SHA512";
      case HashAlgorithmTags.SHA384 -> "SHA384";
      default -> "SHA256";
    };
  }

  private static PGPSignature signature(PGPPrivateKey privateKey, PGPPublicKey key, byte[] data, Instant when)
      throws PGPException {
    return signature(privateKey, key, data, when, PGPSignature.BINARY_DOCUMENT);
  }

  private static PGPSignature signature(
      PGPPrivateKey privateKey, PGPPublicKey key, byte[] data, Instant when, int type) throws PGPException {
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(when));
    hashed.setIssuerFingerprint(false, key);
    hashed.setIssuerKeyID(false, key.getKeyID());
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(new BcPGPContentSignerBuilder(key.getAlgorithm(), hashAlgorithm(key)), key);
    generator.setHashedSubpackets(hashed.generate());
    generator.init(type, privateKey);
    generator.update(data);
    return generator.generate();
  }

  /** SHA-512 for EdDSA (as gpg does); SHA-256 otherwise, except larger ECDSA curves, which need a hash as long. */
  private static int hashAlgorithm(PGPPublicKey key) {
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519, PublicKeyAlgorithmTags.Ed448 ->
          HashAlgorithmTags.SHA512;
      case PublicKeyAlgorithmTags.ECDSA -> key.getBitStrength() > 384
          ? HashAlgorithmTags.SHA512
          : key.getBitStrength() > 256 ? HashAlgorithmTags.SHA384 : HashAlgorithmTags.SHA256;
      default -> HashAlgorithmTags.SHA256;
    };
  }

  private static PGPSecretKeyRing secretKeyRing(Path file, List<Object> objects) throws InvalidRequestException {
    List<PGPSecretKeyRing> rings = objects.stream()
        .filter(PGPSecretKeyRing.class::isInstance)
        .map(PGPSecretKeyRing.class::cast)
        .toList();
    if (rings.size() == 1) {
      return rings.get(0);
    }
    if (rings.size() > 1) {
      throw new InvalidRequestException(file + " holds " + rings.size()
          + " secret keys; export only the one to sign with (gpg --export-secret-keys --armor FINGERPRINT)");
    }
    throw new InvalidRequestException(file + " holds " + OpenPgpData.describe(objects.get(0))
        + ", not a secret key; export one with gpg --export-secret-keys --armor FINGERPRINT");
  }

  /** gpg picks the newest usable signing-capable key; do the same so both tools sign with the same key. */
  private static PGPSecretKey chooseSigningKey(Path file, PGPSecretKeyRing ring, String fingerprint, Instant now)
      throws InvalidRequestException {
    PGPPublicKey primary = ring.getPublicKey();
    PGPSecretKey chosen = null;
    List<String> rejections = new ArrayList<>();
    for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
      PGPSecretKey key = keys.next();
      String name = (key.isMasterKey() ? "primary key " : "subkey ") + OpenPgpData.fingerprint(key.getPublicKey());
      Optional<String> problem = key.isPrivateKeyEmpty()
          ? Optional.of("has no secret part in this file")
          : KeyValidity.signingProblem(primary, key.getPublicKey(), now);
      if (problem.isPresent()) {
        rejections.add(name + " " + problem.get());
      } else if (chosen == null
          || key.getPublicKey().getCreationTime().after(chosen.getPublicKey().getCreationTime())) {
        chosen = key;
      }
    }
    if (chosen == null) {
      throw new InvalidRequestException("secret key " + fingerprint + " in " + file
          + " has no key that can sign: " + String.join("; ", rejections));
    }
    return chosen;
  }

  private static PGPPrivateKey unlock(Path file, PGPSecretKey key, char[] passphrase) throws InvalidRequestException {
    String name = "secret key " + OpenPgpData.fingerprint(key.getPublicKey()) + " in " + file;
    boolean protectedKey = key.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
    if (protectedKey && (passphrase == null || passphrase.length == 0)) {
      throw new InvalidRequestException(name + " is protected by a passphrase, but none was given");
    }
    PGPPrivateKey privateKey;
    try {
      privateKey = protectedKey ? PassphraseUnlock.extract(key, passphrase) : key.extractPrivateKey(null);
    } catch (PGPException | RuntimeException e) {
      privateKey = null;
    }
    // A wrong passphrase can slip past the 16-bit checksum of old keys; a test signature cannot be fooled.
    if (privateKey == null || !signsVerifiably(privateKey, key.getPublicKey())) {
      throw new InvalidRequestException(protectedKey
          ? "cannot unlock " + name + ": wrong passphrase"
          : "cannot use " + name + ": its secret part does not match its public key");
    }
    return privateKey;
  }

  private static boolean signsVerifiably(PGPPrivateKey privateKey, PGPPublicKey publicKey) {
    byte[] probe = "air-gap archiver key check".getBytes(StandardCharsets.US_ASCII);
    try {
      PGPSignature signature = signature(privateKey, publicKey, probe, Instant.now().truncatedTo(ChronoUnit.SECONDS));
      signature.init(new BcPGPContentVerifierBuilderProvider(), publicKey);
      signature.update(probe);
      return signature.verify();
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }
}
