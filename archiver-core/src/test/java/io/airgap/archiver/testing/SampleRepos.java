package io.airgap.archiver.testing;

import static io.airgap.archiver.testing.CGit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * A project shaped like a forge's: a main branch editing large text files, tags, and {@code pulls}
   * refs/pull/N/head each changing one line of one of those files, so nearly every object a pull
   * request reaches is a small delta against the branches' objects.
   */
  public static Path withPullRequests(Path dir, int pulls) {
    try {
      Files.createDirectories(dir);
      git(dir, "init", "-q", "-b", "main");
      java.util.Random random = new java.util.Random(18);
      int files = 6;
      List<List<String>> lines = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        List<String> text = new ArrayList<>();
        for (int l = 0; l < 1500; l++) {
          text.add(Long.toHexString(random.nextLong()) + " " + Long.toHexString(random.nextLong()));
        }
        lines.add(text);
      }
      for (int c = 0; c < 8; c++) {
        for (int f = 0; f < files; f++) {
          lines.get(f).set(random.nextInt(1500), "edit " + c);
          write(dir, "src/file" + f + ".txt", String.join("\n", lines.get(f)) + "\n");
        }
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "main " + c);
        if (c % 4 == 3) {
          git(dir, "tag", "v" + c);
        }
      }
      for (int p = 1; p <= pulls; p++) {
        git(dir, "checkout", "-q", "-b", "pr", "main~" + (p % 4));
        int f = p % files;
        List<String> text = new ArrayList<>(lines.get(f));
        text.set(random.nextInt(1500), "pull request " + p);
        write(dir, "src/file" + f + ".txt", String.join("\n", text) + "\n");
        git(dir, "commit", "-q", "-am", "pull request " + p);
        git(dir, "update-ref", "refs/pull/" + p + "/head", "HEAD");
        git(dir, "checkout", "-q", "-f", "main");
        git(dir, "branch", "-q", "-D", "pr");
      }
      git(dir, "gc", "-q");
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
