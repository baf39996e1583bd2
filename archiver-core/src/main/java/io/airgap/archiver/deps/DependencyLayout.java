package io.airgap.archiver.deps;

import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.RestoreScripts;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.internal.TempNames;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Restore's side of vendoring: copies a verified archive's {@code dependencies/<ecosystem>/…} to
 * {@code <dir>/<ecosystem>/…} with the {@code setup-*.sh} scripts beside them, so running
 * {@code <dir>/setup-npm.sh} (etc.) configures the stock tools. A chain of archives restored into
 * one folder adds up to every file the chain carries.
 */
public final class DependencyLayout {
  private final Path dir;
  private final ProgressListener progress;

  public DependencyLayout(Path dir, ProgressListener progress) {
    this.dir = dir.toAbsolutePath().normalize();
    this.progress = progress;
  }

  public void install(Path stagedDependencies, Manifest manifest) throws OperationFailedException {
    int copied = 0;
    try {
      Files.createDirectories(dir);
      Litter.cleanTree(dir, progress);
      if (Files.isDirectory(stagedDependencies)) {
        try (Stream<Path> walk = Files.walk(stagedDependencies)) {
          for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
            copy(file, stagedDependencies.relativize(file).toString());
            copied++;
          }
        }
      }
      for (RestoreScripts.Script s : RestoreScripts.all()) {
        String name = s.entryName().substring(ArchiveLayout.RESTORE_SCRIPTS.length());
        if (name.startsWith("setup-")) {
          Path target = dir.resolve(name);
          Files.write(target, s.content());
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot lay out the dependencies in " + dir + ": " + e.getMessage(), e);
    }
    List<Dependency> missing = manifest.dependencies().stream().filter(Dependency::isMissing).toList();
    if (!missing.isEmpty()) {
      progress.warn(missing.size() + " dependenc" + (missing.size() == 1 ? "y was" : "ies were")
          + " recorded as missing when the archive was created; offline builds that need them will fail");
    }
    progress.info("laid out " + copied + " dependency file(s) in " + dir + "; run its setup-<tool>.sh to point"
        + " Maven, npm, pip or Go at them");
  }

  private void copy(Path source, String relative) throws IOException {
    Path target = dir.resolve(relative).normalize();
    if (!target.startsWith(dir)) {
      throw new IOException("refusing to write outside " + dir + ": " + relative);
    }
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(TempNames.partialOf(target.getFileName().toString()));
    Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
