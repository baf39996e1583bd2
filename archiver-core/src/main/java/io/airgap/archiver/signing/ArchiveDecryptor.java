package io.airgap.archiver.signing;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JceSessionKeyDataDecryptorFactoryBuilder;

/**
 * Opens archives encrypted by {@link ArchiveEncryptor} (or by gpg) as a stream of the archive's plain bytes,
 * never writing them anywhere. The integrity packet is checked when the stream reaches its end, so a reader
 * that reads to the end (as verification does) fails on any modification.
 */
public final class ArchiveDecryptor {
  /** Far above any real recipient list (a 4096-bit RSA key packet is ~520 bytes). */
  static final int MAX_KEY_PACKETS_BYTES = 1 << 20;

  private final Path file;
  private final Map<Long, PGPPrivateKey> keys;

  private ArchiveDecryptor(Path file, Map<Long, PGPPrivateKey> keys) {
    this.file = file;
    this.keys = keys;
  }

  /**
   * Reads a secret key file (from gpg or {@code archiver keygen --purpose encrypt}) and unlocks every secret
   * (sub)key in it that can decrypt. {@code passphrase} may be null for unprotected keys; it never appears in
   * messages.
   */
  public static ArchiveDecryptor load(Path secretKeyFile, char[] passphrase) throws InvalidRequestException {
    List<Object> objects = KeyFiles.read(secretKeyFile);
    Map<Long, PGPPrivateKey> keys = new LinkedHashMap<>();
    boolean anyRing = false;
    for (Object object : objects) {
      if (!(object instanceof PGPSecretKeyRing ring)) {
        continue;
      }
      anyRing = true;
      for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
        PGPSecretKey key = it.next();
        if (!key.isPrivateKeyEmpty() && key.getPublicKey().isEncryptionKey()) {
          keys.put(key.getKeyID(), SecretKeys.unlock(secretKeyFile, key, passphrase));
        }
      }
    }
    if (!anyRing) {
      throw new InvalidRequestException(secretKeyFile + " holds " + OpenPgpData.describe(objects.get(0))
          + ", not a secret key; --decrypt-key takes the recipient's secret key"
          + " (gpg --export-secret-keys --armor KEYID, or archiver-encryption-secret.asc)");
    }
    if (keys.isEmpty()) {
      throw new InvalidRequestException(secretKeyFile + " holds no secret key that can decrypt (a signing key?);"
          + " --decrypt-key takes the encryption key made by keygen --purpose encrypt, or a gpg key with an"
          + " encryption subkey");
    }
    return new ArchiveDecryptor(secretKeyFile, keys);
  }

  /** The long key ids this decryptor holds secret keys for. */
  public List<String> keyIds() {
    return keys.keySet().stream().map(OpenPgpData::keyId).toList();
  }

  /**
   * Whether a stream starting with {@code firstByte} is an OpenPGP message rather than a gzip'd archive: every
   * binary OpenPGP packet starts with a tag byte whose high bit is set; gzip starts with 0x1f.
   */
  public static boolean looksEncrypted(int firstByte) {
    return firstByte >= 0 && (firstByte & 0x80) != 0;
  }

  /** The long key ids an encrypted archive is addressed to, read from its first packets only. */
  public static List<String> recipients(InputStream encrypted, String name) throws UntrustedArchiveException {
    List<String> ids = new ArrayList<>();
    for (PGPEncryptedData data : encryptedData(new HeaderLimit(encrypted), name)) {
      ids.add(describeRecipient(data));
    }
    return ids;
  }

  /**
   * The plain archive inside {@code encrypted}. Throws {@link DecryptionKeyException} naming the recipients if
   * none of this decryptor's keys opens it, {@link UntrustedArchiveException} if it is malformed or not
   * integrity-protected. Reading the returned stream to its end fails with an IOException if the message was
   * modified.
   */
  public InputStream open(InputStream encrypted, String name) throws ArchiverException {
    HeaderLimit limited = new HeaderLimit(encrypted);
    List<PGPEncryptedData> list = encryptedData(limited, name);
    limited.release();
    List<String> recipients = new ArrayList<>();
    for (PGPEncryptedData data : list) {
      recipients.add(describeRecipient(data));
    }
    for (PGPEncryptedData data : list) {
      if (!(data instanceof PGPPublicKeyEncryptedData pk)) {
        continue;
      }
      List<PGPPrivateKey> candidates = pk.getKeyID() == 0 ? List.copyOf(keys.values())
          : keys.containsKey(pk.getKeyID()) ? List.of(keys.get(pk.getKeyID())) : List.of();
      for (PGPPrivateKey key : candidates) {
        PGPSessionKey sessionKey;
        try {
          sessionKey = pk.getSessionKey(new BcPublicKeyDataDecryptorFactory(key));
        } catch (PGPException | RuntimeException e) {
          if (pk.getKeyID() == 0) {
            continue;
          }
          throw new UntrustedArchiveException(name + " cannot be decrypted with key " + OpenPgpData.keyId(pk.getKeyID())
              + " although it is addressed to it: the encrypted file was altered or damaged", e);
        }
        if (!pk.isIntegrityProtected()) {
          throw new UntrustedArchiveException(name + " is encrypted without integrity protection (no MDC), so"
              + " changes to it could go unnoticed; archiver never writes such files");
        }
        return literal(pk, sessionKey, name);
      }
    }
    throw new DecryptionKeyException(name + " is encrypted to key(s) " + String.join(", ", recipients)
        + ", but " + file + " holds secret key(s) " + String.join(", ", keyIds())
        + "; give the secret key of one of those recipients with --decrypt-key", recipients);
  }

  private static InputStream literal(PGPPublicKeyEncryptedData pk, PGPSessionKey sessionKey, String name)
      throws UntrustedArchiveException {
    Object inner;
    try {
      InputStream clear = pk.getDataStream(new JceSessionKeyDataDecryptorFactoryBuilder().build(sessionKey));
      inner = new BcPGPObjectFactory(clear).nextObject();
    } catch (PGPException | IOException | RuntimeException e) {
      throw new UntrustedArchiveException(name + " cannot be decrypted: the encrypted file was altered or damaged ("
          + describe(e) + ")", e);
    }
    if (inner instanceof PGPCompressedData) {
      // Compression would need expansion limits of its own; archiver never compresses a compressed archive.
      throw new UntrustedArchiveException(name + " holds compressed OpenPGP data, which archiver does not read;"
          + " encrypt archives with archiver create --encrypt-to, or gpg --compress-algo none");
    }
    if (!(inner instanceof PGPLiteralData literal)) {
      throw new UntrustedArchiveException(name + " decrypts to "
          + (inner == null ? "nothing" : inner.getClass().getSimpleName()) + ", not to plain archive data");
    }
    return new FilterInputStream(literal.getDataStream()) {
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          checkIntegrity();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          checkIntegrity();
        }
        return n;
      }

      private void checkIntegrity() throws IOException {
        if (checked) {
          return;
        }
        boolean intact;
        try {
          intact = pk.verify();
        } catch (PGPException | RuntimeException e) {
          intact = false;
        }
        if (!intact) {
          throw new IOException("the encrypted archive " + name + " fails its integrity check (MDC): it was"
              + " modified after it was encrypted");
        }
        checked = true;
      }
    };
  }

  private static List<PGPEncryptedData> encryptedData(InputStream encrypted, String name)
      throws UntrustedArchiveException {
    Object first;
    try {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(encrypted);
      first = factory.nextObject();
      while (first instanceof PGPMarker) {
        first = factory.nextObject();
      }
    } catch (IOException | RuntimeException e) {
      throw new UntrustedArchiveException(name + " is neither a gzip'd archive nor a readable OpenPGP encrypted"
          + " message (" + describe(e) + ")", e);
    }
    if (!(first instanceof PGPEncryptedDataList list) || list.isEmpty()) {
      throw new UntrustedArchiveException(name + " is neither a gzip'd archive nor an OpenPGP encrypted message"
          + (first == null ? "" : " (it starts with " + OpenPgpData.describe(first) + ")"));
    }
    List<PGPEncryptedData> all = new ArrayList<>();
    list.getEncryptedDataObjects().forEachRemaining(all::add);
    return all;
  }

  /**
   * Bounds the bytes read before the encrypted data starts, so a hostile file cannot make the recipient list
   * take memory in proportion to its size; lifted once the list is read.
   */
  private static final class HeaderLimit extends FilterInputStream {
    private long left = MAX_KEY_PACKETS_BYTES;
    private boolean released;

    HeaderLimit(InputStream in) {
      super(in);
    }

    void release() {
      released = true;
    }

    @Override
    public int read() throws IOException {
      if (released) {
        return in.read();
      }
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (released) {
        return in.read(b, off, len);
      }
      if (left <= 0) {
        throw new IOException("more than " + MAX_KEY_PACKETS_BYTES + " bytes of key packets before the encrypted data");
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Math.max(0, read(new byte[(int) Math.max(1, Math.min(n, 8192))]));
    }
  }

  private static String describeRecipient(PGPEncryptedData data) {
    if (data instanceof PGPPublicKeyEncryptedData pk) {
      return pk.getKeyID() == 0 ? "anonymous" : OpenPgpData.keyId(pk.getKeyID());
    }
    return "a passphrase";
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
