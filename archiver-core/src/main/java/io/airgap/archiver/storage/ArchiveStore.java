package io.airgap.archiver.storage;

import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where archives are kept; chosen by location URI (see {@link ArchiveStores}). */
public interface ArchiveStore extends AutoCloseable {

  /** The location for display: a path or {@code s3://bucket/prefix}, never with credentials. */
  String location();

  /**
   * Streams content in; the object becomes visible under {@code name} only when complete and, if
   * {@code expectedSha256} (lower hex) is given, its SHA-256 matched (computed while streaming).
   *
   * @param size the number of bytes {@code content} holds, or -1 if unknown
   * @throws io.airgap.archiver.base.UntrustedArchiveException if the content's SHA-256 is not the
   *     expected one; nothing is stored then
   */
  StoredObject put(
      String name, InputStream content, long size, String expectedSha256, ProgressListener progress)
      throws ArchiverException;

  /** Puts a local file; the S3 backend uploads it in parallel parts straight from the file. */
  StoredObject put(String name, Path file, String expectedSha256, ProgressListener progress)
      throws ArchiverException;

  /**
   * Opens the object for reading. Where the store knows the object's SHA-256, the stream checks it
   * at end of stream and throws {@link ChecksumMismatchException} on a mismatch.
   *
   * @throws ObjectNotFoundException if there is no such object
   */
  InputStream get(String name) throws ArchiverException;

  /** The object's size, date and, when the store keeps it, SHA-256; empty when absent. */
  Optional<StoredObject> stat(String name) throws ArchiverException;

  /**
   * The objects directly under the location, sorted by name; hidden and temporary ones are left
   * out.
   */
  List<StoredObject> list() throws ArchiverException;

  /** Deletes the object; deleting an absent object is not an error. */
  void delete(String name) throws ArchiverException;

  /** Releases connections and threads; never throws. */
  @Override
  void close();
}
