package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/** The public keys an operator trusts to sign archives, one certificate per primary key. */
public final class TrustedKeys {
  private final List<PGPPublicKeyRing> certificates;

  private TrustedKeys(List<PGPPublicKeyRing> certificates) {
    this.certificates = List.copyOf(certificates);
  }

  /**
   * Reads armoured or binary public keys (several per file are fine, e.g. {@code gpg --export --armor a b}) from
   * each file, or from the *.asc, *.gpg, *.pgp and *.pub files of a directory. Secret key files are accepted too;
   * only their public part is kept. The same key in several files is merged, so no revocation is lost.
   */
  public static TrustedKeys load(List<Path> files) throws InvalidRequestException {
    if (files.isEmpty()) {
      throw new InvalidRequestException("no trusted key file was given");
    }
    Map<String, PGPPublicKeyRing> byFingerprint = new LinkedHashMap<>();
    for (Path path : files) {
      for (Path file : KeyFiles.expand(path)) {
        for (PGPPublicKeyRing certificate : certificates(file)) {
          String fingerprint = OpenPgpData.fingerprint(certificate.getPublicKey());
          PGPPublicKeyRing known = byFingerprint.get(fingerprint);
          byFingerprint.put(fingerprint, known == null ? certificate : merge(file, known, certificate));
        }
      }
    }
    return new TrustedKeys(new ArrayList<>(byFingerprint.values()));
  }

  /** Primary-key fingerprints, upper-case hex, in the order the keys were read. */
  public List<String> fingerprints() {
    return certificates.stream().map(c -> OpenPgpData.fingerprint(c.getPublicKey())).toList();
  }

  List<PGPPublicKeyRing> certificates() {
    return certificates;
  }

  private static List<PGPPublicKeyRing> certificates(Path file) throws InvalidRequestException {
    List<PGPPublicKeyRing> certificates = new ArrayList<>();
    for (Object object : KeyFiles.read(file)) {
      if (object instanceof PGPPublicKeyRing ring) {
        certificates.add(ring);
      } else if (object instanceof PGPSecretKeyRing ring) {
        certificates.add(ring.toCertificate());
      } else {
        throw new InvalidRequestException(
            file + " is not an OpenPGP key file: it holds " + OpenPgpData.describe(object));
      }
    }
    return certificates;
  }

  private static PGPPublicKeyRing merge(Path file, PGPPublicKeyRing known, PGPPublicKeyRing more)
      throws InvalidRequestException {
    try {
      return PGPPublicKeyRing.join(known, more);
    } catch (PGPException e) {
      throw new InvalidRequestException("cannot merge key " + OpenPgpData.fingerprint(known.getPublicKey())
          + " from " + file + " with the copy read before: " + e.getMessage(), e);
    }
  }
}
