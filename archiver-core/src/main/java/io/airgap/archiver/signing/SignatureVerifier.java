package io.airgap.archiver.signing;

import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Checks a detached OpenPGP signature over an archive's SHA256SUMS against the operator's trusted keys. */
public final class SignatureVerifier {
  /** A detached signature is well under 1 KiB; anything far larger is not one, so it is not parsed at all. */
  static final int MAX_SIGNATURE_BYTES = 64 * 1024;


  private SignatureVerifier() {}

  /**
   * Verifies an armoured or binary detached signature over {@code data}. It succeeds when a signature in it was
   * made by a trusted key, or a subkey of one, that was neither revoked nor expired when it signed.
   */
  public static SignatureCheck verify(byte[] data, byte[] signature, TrustedKeys trusted)
      throws UntrustedArchiveException {
    return verify(data, signature, trusted, "SHA256SUMS.asc", "SHA256SUMS");
  }

  /** As {@link #verify(byte[], byte[], TrustedKeys)}, naming the signature and the signed data in every message. */
  public static SignatureCheck verify(
      byte[] data, byte[] signature, TrustedKeys trusted, String signatureName, String dataName)
      throws UntrustedArchiveException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(trusted, "trusted");
    List<String> untrustedIssuers = new ArrayList<>();
    UntrustedArchiveException firstFailure = null;
    for (PGPSignature candidate : documentSignatures(signature, signatureName)) {
      Optional<Signer> signer;
      try {
        signer = findSigner(candidate, trusted);
        if (signer.isEmpty()) {
          untrustedIssuers.add(issuer(candidate));
          continue;
        }
      } catch (RuntimeException e) {
        // Bouncy Castle parses some subpackets lazily; a malformed one surfaces here.
        throw malformed(signatureName, "its issuer subpacket is unreadable (" + e + ")", e);
      }
      try {
        return check(data, candidate, signer.get(), signatureName, dataName);
      } catch (UntrustedArchiveException e) {
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
    throw new UntrustedArchiveException(signatureName + " was signed by key " + String.join(" and ", untrustedIssuers)
        + ", which is not among the trusted keys " + String.join(", ", trusted.fingerprints()));
  }

  private static SignatureCheck check(
      byte[] data, PGPSignature signature, Signer signer, String signatureName, String dataName)
      throws UntrustedArchiveException {
    String signerName = "key " + OpenPgpData.fingerprint(signer.key())
        + (signer.key().isMasterKey() ? "" : " (subkey of " + OpenPgpData.fingerprint(signer.primary()) + ")");
    int hash = signature.getHashAlgorithm();
    if (hash == HashAlgorithmTags.MD5 || hash == HashAlgorithmTags.SHA1 || hash == HashAlgorithmTags.RIPEMD160) {
      throw new UntrustedArchiveException(signatureName + " uses a broken hash algorithm (OpenPGP id " + hash
          + "), so it proves nothing; sign again with SHA-256 or stronger");
    }
    boolean matches;
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), signer.key());
      signature.update(data);
      matches = signature.verify();
    } catch (PGPException | RuntimeException e) {
      throw malformed(signatureName, "cannot check it with " + signerName + " (" + e.getMessage() + ")", e);
    }
    if (!matches) {
      throw new UntrustedArchiveException(
          "signature does not match " + dataName + ": the file was altered after signing");
    }
    Instant signedAt = signature.getCreationTime().toInstant();
    Optional<String> problem = KeyValidity.signingProblem(signer.primary(), signer.key(), signedAt);
    if (problem.isPresent()) {
      throw new UntrustedArchiveException(signatureName + " was made on " + signedAt + " by " + signerName
          + ", which " + problem.get() + "; it is not trusted");
    }
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    long validSeconds = hashed == null ? 0 : hashed.getSignatureExpirationTime();
    if (validSeconds > 0 && !Instant.now().isBefore(signedAt.plusSeconds(validSeconds))) {
      throw new UntrustedArchiveException(
          signatureName + " expired on " + signedAt.plusSeconds(validSeconds) + ", as its signer decided");
    }
    return new SignatureCheck(OpenPgpData.fingerprint(signer.primary()), signedAt, OpenPgpData.userId(signer.primary()));
  }

  private static List<PGPSignature> documentSignatures(byte[] signature, String signatureName)
      throws UntrustedArchiveException {
    if (signature == null || signature.length > MAX_SIGNATURE_BYTES) {
      throw malformed(signatureName, signature == null ? "it is missing" : "it is larger than 64 KiB", null);
    }
    List<Object> objects;
    try {
      objects = OpenPgpData.read(signature, SignaturePackets::check);
    } catch (IOException e) {
      throw malformed(signatureName, e.getMessage(), e);
    }
    List<PGPSignature> signatures = new ArrayList<>();
    for (Object object : objects) {
      if (!(object instanceof PGPSignatureList list)) {
        throw malformed(signatureName, "it holds " + OpenPgpData.describe(object) + ", not a detached signature", null);
      }
      for (PGPSignature sig : list) {
        int type = sig.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
          throw malformed(signatureName, String.format("it is a signature of type 0x%02x, not a signature over a file", type), null);
        }
        signatures.add(sig);
      }
    }
    return signatures;
  }

  /** The issuer fingerprint names the exact key; a bare key ID may, rarely, match several. */
  private static Optional<Signer> findSigner(PGPSignature signature, TrustedKeys trusted) {
    byte[] fingerprint = issuerFingerprint(signature);
    for (PGPPublicKeyRing certificate : trusted.certificates()) {
      PGPPublicKey key = fingerprint != null
          ? certificate.getPublicKey(fingerprint)
          : certificate.getPublicKey(signature.getKeyID());
      if (key != null) {
        return Optional.of(new Signer(certificate.getPublicKey(), key));
      }
    }
    return Optional.empty();
  }

  private static byte[] issuerFingerprint(PGPSignature signature) {
    for (PGPSignatureSubpacketVector subpackets :
        new PGPSignatureSubpacketVector[] {signature.getHashedSubPackets(), signature.getUnhashedSubPackets()}) {
      IssuerFingerprint issuer = subpackets == null ? null : subpackets.getIssuerFingerprint();
      if (issuer != null) {
        return issuer.getFingerprint();
      }
    }
    return null;
  }

  private static String issuer(PGPSignature signature) {
    byte[] fingerprint = issuerFingerprint(signature);
    return fingerprint != null
        ? OpenPgpData.fingerprint(fingerprint)
        : OpenPgpData.keyId(signature.getKeyID());
  }

  private static UntrustedArchiveException malformed(String signatureName, String detail, Exception cause) {
    return new UntrustedArchiveException(signatureName + " is not a valid OpenPGP signature: " + detail, cause);
  }

  /** The trusted certificate's primary key, and the key (primary or subkey) that made the signature. */
  private record Signer(PGPPublicKey primary, PGPPublicKey key) {}
}
