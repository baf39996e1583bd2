package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import java.io.InputStream;

/** An archive to read, wherever it is: a file, a set of split parts, an object in a store. */
public interface ArchiveInput {
  /** How the archive is named to people (never with credentials). */
  String name();

  /** A fresh stream over the whole archive (decrypted, if it is stored encrypted), from its first byte. */
  InputStream open() throws ArchiverException;

  /** A fresh stream over the bytes as stored (still encrypted, if they are): for copying the archive as it is. */
  default InputStream openStored() throws ArchiverException {
    return open();
  }

  /** Whether the archive is stored as an OpenPGP encrypted message. */
  default boolean encrypted() throws ArchiverException {
    return false;
  }

  /** The archive's size in bytes, or -1 if it is not known without reading it. */
  long size();
}
