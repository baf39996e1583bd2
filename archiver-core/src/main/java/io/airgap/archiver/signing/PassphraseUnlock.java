package io.airgap.archiver.signing;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;

/**
 * Unlocks a passphrase-protected secret key with the JDK's hardware-accelerated digests for the
 * iterated S2K: 33.5 MB hashed per unlock took Bouncy Castle's pure-Java SHA-256 1.4-2 s in a fresh
 * process on a loaded machine, paid by every create and every encrypted restore, against 0.1-0.5 s.
 */
final class PassphraseUnlock {
  private PassphraseUnlock() {}

  /** The private key; Bouncy Castle's own digests where the JDK lacks the key's S2K hash (RIPEMD-160). */
  static PGPPrivateKey extract(PGPSecretKey key, char[] passphrase) throws PGPException {
    try {
      return key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new JcaPGPDigestCalculatorProviderBuilder().build()).build(passphrase));
    } catch (PGPException | RuntimeException e) {
      return key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
    }
  }
}
