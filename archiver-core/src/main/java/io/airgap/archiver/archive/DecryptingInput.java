package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.DecryptionKeyException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An archive input that may be stored encrypted: recognised by its first byte (OpenPGP, not gzip), whatever
 * its name, and decrypted as it is read — the plain archive never touches the disk.
 */
final class DecryptingInput implements ArchiveInput {
  private final ArchiveInput stored;
  private final ArchiveDecryptor decryptor;

  DecryptingInput(ArchiveInput stored, ArchiveDecryptor decryptor) {
    this.stored = stored;
    this.decryptor = decryptor;
  }

  @Override
  public String name() {
    return stored.name();
  }

  @Override
  public long size() {
    return stored.size();
  }

  @Override
  public String fileName() {
    return stored.fileName();
  }

  @Override
  public String besideLocation() {
    return stored.besideLocation();
  }

  @Override
  public java.util.Optional<byte[]> besideFile(String suffix, int maxBytes) throws ArchiverException {
    return stored.besideFile(suffix, maxBytes);
  }

  @Override
  public InputStream openStored() throws ArchiverException {
    return stored.openStored();
  }

  @Override
  public InputStream open() throws ArchiverException {
    InputStream in = new BufferedInputStream(stored.openStored(), 1 << 16);
    boolean ok = false;
    try {
      if (!isEncrypted(in)) {
        ok = true;
        return in;
      }
      if (decryptor == null) {
        List<String> recipients = ArchiveDecryptor.recipients(in, name());
        throw new DecryptionKeyException(name() + " is encrypted to key(s) " + String.join(", ", recipients)
            + "; give the secret key of one of them with --decrypt-key", recipients);
      }
      InputStream plain = decryptor.open(in, name());
      ok = true;
      return plain;
    } finally {
      if (!ok) {
        closeQuietly(in);
      }
    }
  }

  /** Reads the first byte only. */
  @Override
  public boolean encrypted() throws ArchiverException {
    try (InputStream in = stored.openStored()) {
      return ArchiveDecryptor.looksEncrypted(in.read());
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + name() + ": " + e.getMessage(), e);
    }
  }

  private boolean isEncrypted(InputStream in) throws OperationFailedException {
    try {
      in.mark(1);
      int first = in.read();
      in.reset();
      return ArchiveDecryptor.looksEncrypted(first);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + name() + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing; the first error is the one to report
    }
  }
}
