package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.HandoffOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.PGPDataEncryptor;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * Turns the signed archive into an OpenPGP message that only the air-gapped side's keys open, while it is
 * written: public-key encrypted to every recipient, AES-256 in a v1 SEIPD packet with MDC (the strongest
 * form gpg 2.2 decrypts), no compression (the archive is compressed already). Stock {@code gpg --decrypt}
 * gives back the archive byte for byte.
 */
public final class ArchiveEncryptor {
  /** Partial-body chunk: the message streams without knowing its length. */
  private static final int BUFFER = 1 << 16;

  private final List<PGPPublicKey> keys;

  private ArchiveEncryptor(List<PGPPublicKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * Reads the recipients' public key files (from gpg or {@code archiver keygen --purpose encrypt}) and picks each
   * one's encryption (sub)key: the newest that is usable now.
   */
  public static ArchiveEncryptor load(List<Path> publicKeyFiles) throws InvalidRequestException {
    if (publicKeyFiles.isEmpty()) {
      throw new InvalidRequestException("no recipient key given to encrypt to");
    }
    List<PGPPublicKey> keys = new ArrayList<>();
    for (Path file : publicKeyFiles) {
      for (Path one : KeyFiles.expand(file)) {
        List<Object> objects = KeyFiles.read(one);
        boolean any = false;
        for (Object object : objects) {
          if (object instanceof PGPPublicKeyRing ring) {
            keys.add(encryptionKey(one, ring));
            any = true;
          }
        }
        if (!any) {
          throw new InvalidRequestException(one + " holds " + OpenPgpData.describe(objects.get(0))
              + ", not a public key; --encrypt-to takes the recipient's public key"
              + " (gpg --export --armor KEYID, or archiver-encryption-public.asc from keygen --purpose encrypt)");
        }
      }
    }
    return new ArchiveEncryptor(keys);
  }

  private static PGPPublicKey encryptionKey(Path file, PGPPublicKeyRing ring) throws InvalidRequestException {
    PGPPublicKey chosen = null;
    List<String> rejections = new ArrayList<>();
    Instant now = Instant.now();
    if (ring.getPublicKey().hasRevocation()) {
      throw new InvalidRequestException("public key " + OpenPgpData.fingerprint(ring.getPublicKey()) + " in " + file
          + " is revoked; ask the air-gapped side for its current key");
    }
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey key = it.next();
      Optional<String> problem = EncryptionKeys.problem(key, now);
      if (problem.isPresent()) {
        rejections.add((key.isMasterKey() ? "primary key " : "subkey ") + OpenPgpData.keyId(key.getKeyID()) + " "
            + problem.get());
      } else if (chosen == null || key.getCreationTime().after(chosen.getCreationTime())) {
        chosen = key;
      }
    }
    if (chosen == null) {
      throw new InvalidRequestException("public key " + OpenPgpData.fingerprint(ring.getPublicKey()) + " in " + file
          + " has no key that can encrypt: " + String.join("; ", rejections));
    }
    return chosen;
  }

  /** The long key ids (16 hex digits, as gpg prints them) of the keys messages are encrypted to. */
  public List<String> recipientKeyIds() {
    return keys.stream().map(k -> OpenPgpData.keyId(k.getKeyID())).toList();
  }

  /**
   * A stream that encrypts what is written to it into {@code out}, on a thread of its own (so {@code out} is
   * written from that thread until this stream is closed). Closing it completes the message (the integrity
   * packet) but leaves {@code out} open. {@code fileName} and {@code time} go into the literal
   * data packet, where {@code gpg --use-embedded-filename} finds them.
   */
  public OutputStream open(OutputStream out, String fileName, Instant time) throws IOException {
    return new HandoffOutputStream(message(out, fileName, time, false), "archive-encryption");
  }

  /**
   * {@code data} as a whole OpenPGP message to the same recipients, their key ids hidden (as {@code gpg
   * --throw-keyids} writes them: every recipient tries its key), for a small document that must not say who can
   * read it, such as an encrypted archive's store sidecar. Stock {@code gpg --decrypt} opens it.
   */
  public byte[] seal(byte[] data, String fileName, Instant time) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length + 1024);
    try (OutputStream message = message(out, fileName, time, true)) {
      message.write(data);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encrypt " + data.length + " bytes in memory: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private OutputStream message(OutputStream out, String fileName, Instant time, boolean hiddenRecipients)
      throws IOException {
    PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(new FastAesCfb(
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setWithIntegrityPacket(true)
            .setSecureRandom(new SecureRandom())));
    for (PGPPublicKey key : keys) {
      BcPublicKeyKeyEncryptionMethodGenerator method = new BcPublicKeyKeyEncryptionMethodGenerator(key);
      method.setSecureRandom(new SecureRandom());
      method.setUseWildcardKeyID(hiddenRecipients);
      generator.addMethod(method);
    }
    OutputStream encrypted;
    try {
      encrypted = generator.open(new NonClosing(out), new byte[BUFFER]);
    } catch (PGPException e) {
      throw new IOException("cannot start the encrypted message: " + e.getMessage(), e);
    }
    PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
    OutputStream data = literal.open(encrypted, PGPLiteralData.BINARY, fileName, Date.from(time), new byte[BUFFER]);
    OutputStream message = new FilterOutputStream(data) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        data.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          data.close();
          encrypted.close();
        }
      }
    };
    // Encrypting (and whatever digests and writes below) on a core of its own keeps its cost off the writer's
    // (open wraps it in a HandoffOutputStream).
    return message;
  }

  /**
   * Bouncy Castle's SEIPD v1 encryptor (session key, prefix, MDC digest) with the bulk AES-CFB done by
   * {@link AesCfbOutputStream}, about twice as fast as the JDK's own CFB mode.
   */
  private static final class FastAesCfb implements PGPDataEncryptorBuilder {
    private final JcePGPDataEncryptorBuilder standard;

    FastAesCfb(JcePGPDataEncryptorBuilder standard) {
      this.standard = standard;
    }

    @Override
    public PGPDataEncryptor build(byte[] key) throws PGPException {
      PGPDataEncryptor reference = standard.build(key);
      try {
        new AesCfbOutputStream(OutputStream.nullOutputStream(), key).close();
      } catch (GeneralSecurityException | IOException e) {
        throw new PGPException("AES is not available: " + e.getMessage(), e);
      }
      return new PGPDataEncryptor() {
        @Override
        public OutputStream getOutputStream(OutputStream out) {
          try {
            return new AesCfbOutputStream(out, key);
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES was available a moment ago", e);
          }
        }

        @Override
        public PGPDigestCalculator getIntegrityCalculator() {
          return reference.getIntegrityCalculator();
        }

        @Override
        public int getBlockSize() {
          return reference.getBlockSize();
        }
      };
    }

    @Override
    public int getAlgorithm() {
      return standard.getAlgorithm();
    }

    @Override
    public int getAeadAlgorithm() {
      return standard.getAeadAlgorithm();
    }

    @Override
    public int getChunkSize() {
      return standard.getChunkSize();
    }

    @Override
    public boolean isV5StyleAEAD() {
      return standard.isV5StyleAEAD();
    }

    @Override
    public SecureRandom getSecureRandom() {
      return standard.getSecureRandom();
    }

    @Override
    public PGPDataEncryptorBuilder setWithIntegrityPacket(boolean withIntegrityPacket) {
      throw new UnsupportedOperationException("always SEIPD v1 with MDC");
    }

    @Override
    public PGPDataEncryptorBuilder setWithAEAD(int aeadAlgorithm, int chunkSize) {
      throw new UnsupportedOperationException("gpg 2.2 does not read AEAD packets");
    }

    @Override
    public PGPDataEncryptorBuilder setUseV5AEAD() {
      throw new UnsupportedOperationException("gpg 2.2 does not read AEAD packets");
    }

    @Override
    public PGPDataEncryptorBuilder setUseV6AEAD() {
      throw new UnsupportedOperationException("gpg 2.2 does not read AEAD packets");
    }
  }

  /** Keeps Bouncy Castle from closing the sink's stream; the sink commits or aborts it. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
