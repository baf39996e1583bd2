package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Reads operator-supplied key files, bounded in size, and reports every problem as bad user input. */
final class KeyFiles {
  /** Far above any real key ring (a large RSA key with many certifications is a few hundred KiB). */
  static final int MAX_KEY_FILE_BYTES = 16 * 1024 * 1024;

  private static final Set<String> KEY_FILE_EXTENSIONS = Set.of(".asc", ".gpg", ".pgp", ".pub");

  private KeyFiles() {}

  /** The key files {@code path} names: itself, or the *.asc, *.gpg, *.pgp and *.pub files directly in a directory. */
  static List<Path> expand(Path path) throws InvalidRequestException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(path)) {
      files = entries.filter(Files::isRegularFile).filter(KeyFiles::hasKeyFileExtension).sorted().toList();
    } catch (IOException e) {
      throw new InvalidRequestException("cannot list key directory " + path + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InvalidRequestException(
          "key directory " + path + " holds no key files (*.asc, *.gpg, *.pgp or *.pub)");
    }
    return files;
  }

  /** The OpenPGP objects in one key file. */
  static List<Object> read(Path file) throws InvalidRequestException {
    if (Files.isDirectory(file)) {
      throw new InvalidRequestException(file + " is a directory, not a key file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the limit instead of trusting Files.size(), which lies for pipes and devices.
      bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new InvalidRequestException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      throw new InvalidRequestException(
          "key file " + file + " is larger than 16 MiB, so it is not an OpenPGP key file");
    }
    try {
      return OpenPgpData.read(bytes);
    } catch (IOException e) {
      throw new InvalidRequestException(file + " is not an OpenPGP key file: " + e.getMessage(), e);
    }
  }

  private static boolean hasKeyFileExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && KEY_FILE_EXTENSIONS.contains(name.substring(dot));
  }
}
