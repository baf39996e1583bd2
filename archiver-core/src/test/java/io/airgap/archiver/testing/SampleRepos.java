package io.airgap.archiver.testing;

import static io.airgap.archiver.testing.CGit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Builds source repositories with C git for tests. */
public final class SampleRepos {
  private SampleRepos() {}

  /**
   * A repository with what trips up archivers: several branches, an orphan branch, a merge,
   * lightweight and annotated tags, notes, an executable file, a symlink and non-ASCII paths.
   */
  public static Path rich(Path dir) {
    try {
      Files.createDirectories(dir);
      git(dir, "init", "-q", "-b", "main");
      write(dir, "README.md", "# sample\n");
      write(dir, "src/app.txt", "line 1\n");
      write(dir, "bin/run.sh", "#!/bin/sh\necho run\n");
      Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createSymbolicLink(dir.resolve("link-to-readme"), Path.of("README.md"));
      write(dir, "dokumente/übersicht-ñ-日本.txt", "non-ascii path\n");
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "initial");
      git(dir, "tag", "v0.1");
      git(dir, "checkout", "-q", "-b", "feature/x");
      write(dir, "src/feature.txt", "feature\n");
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "feature work");
      git(dir, "checkout", "-q", "main");
      write(dir, "src/app.txt", "line 1\nline 2\n");
      git(dir, "commit", "-q", "-am", "main work");
      git(dir, "merge", "-q", "--no-ff", "-m", "merge feature", "feature/x");
      git(dir, "tag", "-a", "v1.0", "-m", "release 1.0");
      git(dir, "notes", "add", "-m", "a note on main", "HEAD");
      git(dir, "checkout", "-q", "--orphan", "gh-pages");
      git(dir, "rm", "-rq", "--cached", ".");
      write(dir, "index.html", "<html></html>\n");
      git(dir, "add", "index.html");
      git(dir, "commit", "-q", "-m", "orphan pages");
      git(dir, "checkout", "-q", "-f", "main");
      git(dir, "branch", "release/1.x", "v0.1");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small repository: one commit on main. */
  public static Path simple(Path dir) {
    try {
      Files.createDirectories(dir);
      git(dir, "init", "-q", "-b", "main");
      write(dir, "hello.txt", "hello\n");
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "hello");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a commit on the current branch of a working repository. */
  public static void commit(Path dir, String file, String content, String message) {
    try {
      write(dir, file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", message);
  }

  public static void write(Path dir, String file, String content) throws IOException {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }
}
