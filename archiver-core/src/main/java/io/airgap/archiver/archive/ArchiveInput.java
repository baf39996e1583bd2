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

  /**
   * The archive's own file name as stored (for a split archive, the name the parts share), e.g.
   * {@code app-full-20260101T000000Z.tar.gz.gpg}: what files kept beside it (approvals) are named after.
   */
  default String fileName() {
    String name = name();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf(java.io.File.separatorChar));
    return name.substring(slash + 1);
  }

  /**
   * Where files kept beside the archive are: the folder or store prefix the archive is in, as shown to people;
   * null where the archive's location cannot hold such files.
   */
  default String besideLocation() {
    return null;
  }

  /**
   * The small file stored beside the archive as {@link #fileName()} + {@code suffix} (e.g. {@code .approval.asc}),
   * read up to {@code maxBytes} + 1 bytes (so a reader can refuse a longer one); empty when there is none.
   */
  default java.util.Optional<byte[]> besideFile(String suffix, int maxBytes) throws ArchiverException {
    return java.util.Optional.empty();
  }
}
