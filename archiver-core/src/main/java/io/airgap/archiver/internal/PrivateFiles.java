package io.airgap.archiver.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner may read — mirror state and run logs, which quote servers'
 * errors about the operator's repositories — where the file system has POSIX permissions (elsewhere,
 * the folder's own access rules apply).
 */
public final class PrivateFiles {
  /** {@code rw-------}. */
  static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private PrivateFiles() {}

  /** Creates {@code file} 0600 if it does not exist; an existing file keeps the mode its owner gave it. */
  public static void create(Path file) throws IOException {
    if (!posix(file)) {
      return;
    }
    try {
      Files.createFile(file, OWNER_ONLY);
    } catch (FileAlreadyExistsException ignored) {
      // kept as it is
    }
  }

  /** Creates {@code folder} and its missing parents 0700; existing ones are left as they are. */
  public static void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (posix(folder)) {
      Files.createDirectories(folder, OWNER_ONLY_FOLDER);
    } else {
      Files.createDirectories(folder);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
