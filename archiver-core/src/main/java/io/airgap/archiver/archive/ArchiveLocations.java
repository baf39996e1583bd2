package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.SplitInputStream;
import io.airgap.archiver.storage.PartsIndex;
import io.airgap.archiver.storage.ObjectNotFoundException;
import io.airgap.archiver.storage.ArchiveStores;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.signing.ArchiveDecryptor;

/**
 * Turns what the user names as an archive into {@link ArchiveInput}s: a {@code .tar.gz} (or encrypted
 * {@code .tar.gz.gpg}) file; a
 * split archive (its parts index, any part, or its folder), read as one stream without joining it
 * on disk; or {@code s3://bucket/prefix/name.tar.gz}. A folder or an S3 prefix names every archive
 * in it.
 */
public final class ArchiveLocations implements AutoCloseable {
  private final StoreOptions options;
  private final ArchiveDecryptor decryptor;
  private final List<ArchiveStore> opened = new ArrayList<>();

  public ArchiveLocations(StoreOptions options) {
    this(options, null);
  }

  /** With {@code decryptor} (may be null), encrypted archives ({@code .tar.gz.gpg}) are read decrypted. */
  public ArchiveLocations(StoreOptions options, ArchiveDecryptor decryptor) {
    this.options = options;
    this.decryptor = decryptor;
  }

  public static boolean isStore(String location) {
    return location.startsWith("s3://");
  }

  /** Exactly one archive. */
  public ArchiveInput one(String location) throws ArchiverException {
    List<ArchiveInput> all = resolve(location, false);
    if (all.size() != 1) {
      throw new InvalidRequestException(location + " names " + all.size() + " archives; name one archive file");
    }
    return all.get(0);
  }

  /** Every archive a location names (a folder or prefix may hold several). */
  public List<ArchiveInput> all(List<String> locations) throws ArchiverException {
    List<ArchiveInput> inputs = new ArrayList<>();
    for (String location : locations) {
      inputs.addAll(resolve(location, true));
    }
    if (inputs.isEmpty()) {
      throw new InvalidRequestException("no archives in " + String.join(", ", locations));
    }
    return inputs;
  }

  private List<ArchiveInput> resolve(String location, boolean many) throws ArchiverException {
    return located(location, many).stream().map(i -> (ArchiveInput) new DecryptingInput(i, decryptor)).toList();
  }

  private List<ArchiveInput> located(String location, boolean many) throws ArchiverException {
    if (isStore(location)) {
      return store(location, many);
    }
    Path path = Path.of(location);
    String file = path.getFileName() == null ? "" : path.getFileName().toString();
    if (Files.isRegularFile(path) && (file.endsWith(PartsIndex.SUFFIX) || file.matches(".*\\.part\\d{3,}"))) {
      return List.of(split(path));
    }
    if (Files.isRegularFile(path)) {
      return List.of(file(path));
    }
    if (Files.isDirectory(path)) {
      return folder(path, many);
    }
    throw new InvalidRequestException("archive " + location + " does not exist");
  }

  private List<ArchiveInput> folder(Path dir, boolean many) throws ArchiverException {
    List<ArchiveInput> found = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.sorted().toList()) {
        String name = p.getFileName().toString();
        if (ArchiveFileName.isArchive(name) && Files.isRegularFile(p)) {
          found.add(file(p));
        } else if (name.endsWith(PartsIndex.SUFFIX) && Files.isRegularFile(p)) {
          found.add(split(p));
        }
      }
    } catch (IOException e) {
      throw new InvalidRequestException("cannot list " + dir + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new InvalidRequestException("no archives (" + ArchiveFileName.SUFFIX + ", "
          + ArchiveFileName.ENCRYPTED_SUFFIX + " or split parts) in " + dir);
    }
    if (!many && found.size() > 1) {
      throw new InvalidRequestException(dir + " holds " + found.size() + " archives; name one of them");
    }
    return found;
  }

  private static ArchiveInput file(Path path) {
    return new ArchiveInput() {
      @Override
      public String name() {
        return path.toString();
      }

      @Override
      public InputStream open() throws ArchiverException {
        try {
          return Files.newInputStream(path);
        } catch (IOException e) {
          throw new OperationFailedException("cannot read archive " + path + ": " + e.getMessage(), e);
        }
      }

      @Override
      public long size() {
        try {
          return Files.size(path);
        } catch (IOException e) {
          return -1;
        }
      }

      @Override
      public String besideLocation() {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? null : parent.toString();
      }

      @Override
      public java.util.Optional<byte[]> besideFile(String suffix, int maxBytes) throws ArchiverException {
        return beside(path.resolveSibling(path.getFileName() + suffix), maxBytes);
      }
    };
  }

  /** A small local file beside an archive, read up to {@code maxBytes} + 1 bytes; empty when it is not there. */
  static java.util.Optional<byte[]> beside(Path file, int maxBytes) throws ArchiverException {
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return java.util.Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return java.util.Optional.of(in.readNBytes(maxBytes + 1));
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static ArchiveInput split(Path anyPart) throws ArchiverException {
    PartsIndex index;
    try (SplitInputStream probe = SplitInputStream.open(anyPart)) {
      index = probe.index();
    } catch (io.airgap.archiver.storage.DamagedSplitArchiveException
        | io.airgap.archiver.internal.ChecksumMismatchException e) {
      // a malformed, inconsistent or incomplete split archive is damaged, not a mistake in the command
      throw new io.airgap.archiver.base.UntrustedArchiveException(
          "the split archive " + anyPart + " is damaged: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the split archive " + anyPart + ": " + e.getMessage());
    }
    return new ArchiveInput() {
      @Override
      public String name() {
        return anyPart.toString() + " (" + index.parts().size() + " parts)";
      }

      @Override
      public InputStream open() throws ArchiverException {
        try {
          return SplitInputStream.open(anyPart);
        } catch (io.airgap.archiver.storage.DamagedSplitArchiveException
            | io.airgap.archiver.internal.ChecksumMismatchException e) {
          throw new io.airgap.archiver.base.UntrustedArchiveException(
              "the split archive " + anyPart + " is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
          throw new OperationFailedException("cannot read the split archive " + anyPart + ": " + e.getMessage(), e);
        }
      }

      @Override
      public long size() {
        return index.size();
      }

      @Override
      public String fileName() {
        String file = anyPart.getFileName().toString();
        return file.endsWith(PartsIndex.SUFFIX) ? file.substring(0, file.length() - PartsIndex.SUFFIX.length())
            : file.replaceFirst("\\.part\\d{3,}$", "");
      }

      @Override
      public String besideLocation() {
        Path parent = anyPart.toAbsolutePath().getParent();
        return parent == null ? null : parent.toString();
      }

      @Override
      public java.util.Optional<byte[]> besideFile(String suffix, int maxBytes) throws ArchiverException {
        return beside(anyPart.resolveSibling(fileName() + suffix), maxBytes);
      }
    };
  }

  private List<ArchiveInput> store(String location, boolean many) throws ArchiverException {
    boolean named = ArchiveFileName.isArchive(location);
    String parent = named ? location.substring(0, location.lastIndexOf('/')) : location.replaceAll("/+$", "");
    ArchiveStore store = ArchiveStores.open(parent, options);
    opened.add(store);
    List<String> names = new ArrayList<>();
    long[] sizes;
    if (named) {
      String name = location.substring(location.lastIndexOf('/') + 1);
      StoredObject object = store.stat(name).orElseThrow(() -> new ObjectNotFoundException(name, store.location()));
      names.add(name);
      sizes = new long[] {object.size()};
    } else {
      List<StoredObject> objects = store.list().stream().filter(o -> ArchiveFileName.isArchive(o.name())).toList();
      if (objects.isEmpty()) {
        throw new InvalidRequestException("no archives at " + store.location());
      }
      if (!many && objects.size() > 1) {
        throw new InvalidRequestException(store.location() + " holds " + objects.size() + " archives; name one");
      }
      objects.forEach(o -> names.add(o.name()));
      sizes = objects.stream().mapToLong(StoredObject::size).toArray();
    }
    List<ArchiveInput> inputs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      long size = sizes[i];
      inputs.add(new ArchiveInput() {
        @Override
        public String name() {
          return store.location() + "/" + name;
        }

        @Override
        public InputStream open() throws ArchiverException {
          return store.get(name);
        }

        @Override
        public long size() {
          return size;
        }

        @Override
        public String fileName() {
          return name;
        }

        @Override
        public String besideLocation() {
          return store.location();
        }

        @Override
        public java.util.Optional<byte[]> besideFile(String suffix, int maxBytes) throws ArchiverException {
          if (store.stat(name + suffix).isEmpty()) {
            return java.util.Optional.empty();
          }
          try (InputStream in = store.get(name + suffix)) {
            return java.util.Optional.of(in.readNBytes(maxBytes + 1));
          } catch (IOException e) {
            throw new OperationFailedException("cannot read " + store.location() + "/" + name + suffix + ": "
                + e.getMessage(), e);
          }
        }
      });
    }
    return inputs;
  }

  /** The key ids an encrypted archive is addressed to (read from its first packets; no key needed). */
  public static List<String> recipients(ArchiveInput input) throws ArchiverException {
    try (InputStream in = input.openStored()) {
      return ArchiveDecryptor.recipients(new java.io.BufferedInputStream(in), input.name());
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + input.name() + ": " + e.getMessage(), e);
    }
  }

  /** Closes the stores opened for the inputs; the inputs cannot be read afterwards. */
  @Override
  public void close() {
    opened.forEach(ArchiveStore::close);
    opened.clear();
  }
}
