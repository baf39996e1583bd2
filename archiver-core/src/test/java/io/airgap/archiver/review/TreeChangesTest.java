package io.airgap.archiver.review;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a change as the review lists them, over a repository made by C git: every ref making
 * the same change named, LFS pointers at their object's size, and inline diffs only for small text
 * changes — never binary or LFS content, never a credential, capped in size, lines and count.
 */
class TreeChangesTest {
  private static final String OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
  private static final String POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:" + OID
      + "\nsize 150000\n";

  @TempDir Path tmp;

  @Test
  void smallTextChangesGetADiff_otherContentNeverDoes_andEveryCapHolds() throws Exception {
    Path dir = tmp.resolve("repo");
    git(tmp, "init", "-q", "-b", "main", dir.toString());
    write(dir, "small.txt", "one\ntwo\nthree\n");
    write(dir, "asset.bin", POINTER);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    String base = git(dir, "rev-parse", "HEAD").strip();

    write(dir, "small.txt", "one\ntwo\nthree\nfour\n");
    write(dir, "asset.bin", POINTER.replace("size 150000", "size 150001").replace(OID, OID.replace('4', '5')));
    write(dir, "long.txt", "line\n".repeat(400));
    write(dir, "big.txt", "x".repeat(70 * 1024) + "\n");
    Files.write(dir.resolve("bin.dat"), new byte[] {'a', 0, 'b', '\n'});
    write(dir, "deploy.env", "aws_access_key_id = AKIAQWERTYUIOPASDF12\n");
    for (int i = 0; i < 60; i++) {
      write(dir, String.format("z/f%02d.txt", i), "file " + i + "\n");
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "changes");
    String tip = git(dir, "rev-parse", "HEAD").strip();

    List<Review.FileEntry> files;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
      TreeChanges changes = new TreeChanges(repo, Map.of(OID.replace('4', '5'), 150_001L));
      changes.add("refs/heads/main", base, tip);
      changes.add("refs/heads/release", base, tip);
      files = changes.files();
    }
    Map<String, Review.FileEntry> byPath = files.stream()
        .collect(Collectors.toMap(Review.FileEntry::path, Function.identity()));

    Review.FileEntry small = byPath.get("small.txt");
    assertEquals(List.of("refs/heads/main", "refs/heads/release"), small.refs());
    assertEquals(2, small.refCount());
    assertEquals("refs/heads/main", small.ref());
    assertTrue(small.diff().startsWith("@@ -1,3 +1,4 @@\n") && small.diff().contains("\n+four\n"), small.diff());
    assertNull(small.diffNote());

    Review.FileEntry asset = byPath.get("asset.bin");
    assertEquals(150_001, asset.contentSize(), "the object's size, as the archive carries it");
    assertEquals(150_000, asset.oldContentSize(), "the old object's size, as its pointer states");
    assertTrue(asset.size() < 200 && asset.lfsInArchive(), asset.toString());
    assertNull(asset.diff());
    assertEquals("no inline diff: Git LFS content", asset.diffNote());

    Review.FileEntry longer = byPath.get("long.txt");
    assertEquals(InlineDiff.LINES, longer.diff().split("\n").length);
    assertEquals(401, longer.diffLines(), "the hunk header and 400 added lines");
    assertEquals("first 200 of 401 diff lines shown", longer.diffNote());

    assertEquals("no inline diff: larger than 64 KiB", byPath.get("big.txt").diffNote());
    assertNull(byPath.get("big.txt").diff());
    assertTrue(byPath.get("bin.dat").binary());
    assertEquals("no inline diff: binary content", byPath.get("bin.dat").diffNote());
    assertNull(byPath.get("deploy.env").diff());
    assertTrue(byPath.get("deploy.env").diffNote().contains("secret/aws-access-key-id"));
    assertFalse(files.stream().anyMatch(f -> f.diff() != null && f.diff().contains("AKIA")));

    long diffed = files.stream().filter(f -> f.diff() != null).count();
    assertEquals(InlineDiff.FILES, diffed, "at most this many inline diffs in one review");
    assertTrue(files.stream().anyMatch(f -> f.path().startsWith("z/") && f.diff() == null
        && f.diffNote().equals("no inline diff: only the first 50 small text changes have one")));
  }

  private static void write(Path dir, String file, String content) throws Exception {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }
}
