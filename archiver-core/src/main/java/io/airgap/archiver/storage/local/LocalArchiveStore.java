package io.airgap.archiver.storage.local;

import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.storage.ObjectNames;
import io.airgap.archiver.storage.ObjectNotFoundException;
import io.airgap.archiver.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps archives as plain files in one folder (a local disk or a mounted USB drive). Writes are
 * atomic: content goes to a hidden temporary file that is renamed into place only once complete,
 * synced and verified.
 */
public final class LocalArchiveStore implements ArchiveStore {
  private final Path folder;
  private final LocalFileWriter writer;

  public LocalArchiveStore(Path folder) {
    this(folder, path -> Files.newOutputStream(path, StandardOpenOption.CREATE_NEW));
  }

  /** With a different way to open the temporary file: lets tests make the disk "fill up". */
  LocalArchiveStore(Path folder, FileOpener opener) {
    this.folder = folder.toAbsolutePath().normalize();
    this.writer = new LocalFileWriter(this.folder, opener);
  }

  /** Opens the file that content is written to. */
  @FunctionalInterface
  interface FileOpener {
    OutputStream open(Path file) throws IOException;
  }

  /** The folder this store keeps its files in. */
  public Path folder() {
    return folder;
  }

  @Override
  public String location() {
    return folder.toString();
  }

  @Override
  public StoredObject put(
      String name, InputStream content, long size, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    ObjectNames.requirePlainName(name);
    return writer.write(name, content, size, Sha256.normalizeExpected(expectedSha256), progress);
  }

  @Override
  public StoredObject put(String name, Path file, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    ObjectNames.requirePlainName(name);
    String expected = Sha256.normalizeExpected(expectedSha256);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read " + file + ": no such file or no access", e);
    }
    if (!attrs.isRegularFile()) {
      throw new InvalidRequestException(file + " is not a regular file");
    }
    long size = attrs.size();
    try (InputStream in = Files.newInputStream(file)) {
      return writer.write(name, in, size, expected, progress);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream get(String name) throws ArchiverException {
    Path file = folder.resolve(ObjectNames.requirePlainName(name));
    if (!Files.isRegularFile(file)) {
      throw new ObjectNotFoundException(name, location());
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(name, location());
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String name) throws ArchiverException {
    Path file = folder.resolve(ObjectNames.requirePlainName(name));
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return attrs.isRegularFile() ? Optional.of(toStoredObject(name, attrs)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredObject> list() throws ArchiverException {
    List<StoredObject> result = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue; // hidden files, including our own temporary files
        }
        BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class);
        if (attrs.isRegularFile()) {
          result.add(toStoredObject(name, attrs));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of(); // like an S3 prefix, a folder that was never written to is just empty
    } catch (NotDirectoryException e) {
      throw new InvalidRequestException(location() + " is a file, not a folder", e);
    } catch (IOException e) {
      throw new OperationFailedException("cannot list " + location() + ": " + e.getMessage(), e);
    }
    result.sort(Comparator.comparing(StoredObject::name));
    return result;
  }

  @Override
  public void delete(String name) throws ArchiverException {
    Path file = folder.resolve(ObjectNames.requirePlainName(name));
    try {
      if (Files.isDirectory(file)) {
        throw new InvalidRequestException(file + " is a folder, not an archive");
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // Nothing held open between calls.
  }

  static StoredObject toStoredObject(String name, BasicFileAttributes attrs) {
    // No SHA-256 here: it would cost reading the whole file; archives carry their own checksums.
    return new StoredObject(name, attrs.size(), null, attrs.lastModifiedTime().toInstant());
  }
}
