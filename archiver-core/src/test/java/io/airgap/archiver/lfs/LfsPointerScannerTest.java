package io.airgap.archiver.lfs;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.git.CacheRepack;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history scan from the bitmap index against the tree walk it replaces, on a repository with
 * pointers in old history, at tips, in deleted files, behind a tag and as a ref's own blob, beside
 * malformed and oversized pointer-like blobs; and the incremental scan that leaves out a base's history.
 */
class LfsPointerScannerTest {
  private static final String A = oid("a, first version");
  private static final String A2 = oid("a, second version");
  private static final String OLD = oid("only in a deleted file");
  private static final String EDGE = oid("pointer of 1023 bytes");
  private static final String BIG = oid("pointer-like blob of 1024 bytes");
  private static final String EXE = oid("executable pointer");
  private static final String FEATURE = oid("feature branch");
  private static final String TAGGED = oid("reachable from an annotated tag only");
  private static final String BLOB_TIP = oid("a tag names this pointer blob itself");
  private static final String NEW = oid("added after the base");
  private static final String NEW_FEATURE = oid("added to the feature branch after the base");

  @TempDir Path tmp;
  private Path source;

  @BeforeEach
  void buildSource() throws IOException {
    source = Files.createDirectories(tmp.resolve("source"));
    git(source, "init", "-q", "-b", "main");
    write("a.bin", pointer(A, 11));
    write("old.bin", pointer(OLD, 22));
    write("notes.txt", "plain text\n");
    write("malformed.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:zz\nsize 5\n");
    write("edge.bin", padded(EDGE, 1023));
    write("big.bin", padded(BIG, 1024));
    write("tool.bin", pointer(EXE, 33));
    git(source, "add", "-A");
    git(source, "update-index", "--chmod=+x", "tool.bin");
    git(source, "commit", "-q", "-m", "first");
    Files.delete(source.resolve("old.bin"));
    write("a.bin", pointer(A2, 12));
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", "old.bin deleted, a.bin changed");
    git(source, "checkout", "-q", "-b", "feature");
    write("f.bin", pointer(FEATURE, 44));
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", "feature");
    git(source, "checkout", "-q", "-b", "side", "main");
    write("s.bin", pointer(TAGGED, 55));
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", "tagged only");
    git(source, "tag", "-a", "v1", "-m", "v1");
    git(source, "checkout", "-q", "main");
    git(source, "branch", "-q", "-D", "side");
    Files.writeString(tmp.resolve("loose-pointer"), pointer(BLOB_TIP, 66));
    String blob = git(source, "hash-object", "-w", tmp.resolve("loose-pointer").toString()).trim();
    git(source, "tag", "blob-tip", blob);
  }

  @Test
  void historyScan_bitmapIndexFindsWhatTheTreeWalkFinds() throws IOException {
    Path cache = mirror("cache.git");
    Map<String, Long> expected = Map.of(A, 11L, A2, 12L, OLD, 22L, EDGE, 1023L, EXE, 33L, FEATURE, 44L,
        TAGGED, 55L, BLOB_TIP, 66L);

    SortedMap<String, PointerFile> walked;
    try (Repository repo = open(cache)) {
      assertNull(bitmapIndexOf(repo), "a fresh mirror has no bitmap index: the tree walk runs");
      walked = new LfsPointerScanner(repo).scan(tips(repo), LfsScope.HISTORY, Set.of());
      CacheRepack.ensureBitmapIndex(repo, NullProgressMonitor.INSTANCE);
    }
    assertEquals(expected.keySet(), walked.keySet());
    assertEquals("old.bin", walked.get(OLD).path(), "the tree walk knows paths");

    try (Repository repo = open(cache)) {
      assertNotNull(bitmapIndexOf(repo));
      SortedMap<String, PointerFile> bitmapped = new LfsPointerScanner(repo).scan(tips(repo), LfsScope.HISTORY,
          Set.of());
      assertEquals(sizes(walked), sizes(bitmapped));
      assertTrue(bitmapped.values().stream().allMatch(p -> p.path() == null), "the bitmap scan knows no paths");

      List<PointerFile> placed = new LfsPointerScanner(repo).withPaths(tips(repo),
          List.of(bitmapped.get(OLD), bitmapped.get(FEATURE), new PointerFile(NEW, 1, null)));
      assertEquals("old.bin", placed.get(0).path(), "a path is found for a message, even in a deleted file");
      assertEquals("f.bin", placed.get(1).path());
      assertNull(placed.get(2).path(), "an object no tree uses keeps none");

      assertEquals(Set.of(A, OLD), new LfsPointerScanner(repo).scan(tips(repo), LfsScope.HISTORY,
          Set.of(A2, EDGE, EXE, FEATURE, TAGGED, BLOB_TIP)).keySet(), "skipped objects stay skipped");
      assertEquals(Set.of(A2, EDGE, EXE, FEATURE, TAGGED, BLOB_TIP),
          new LfsPointerScanner(repo).scan(tips(repo), LfsScope.TIPS, Set.of()).keySet(), "tips scope unchanged");
    }
    assertEquals(expected, sizes(walked));
  }

  @Test
  void incrementalScan_findsExactlyThePointersTheBaseDoesNotReach() throws IOException {
    Path cache = mirror("cache.git");
    List<String> baseTips;
    try (Repository repo = open(cache)) {
      CacheRepack.ensureBitmapIndex(repo, NullProgressMonitor.INSTANCE);
      baseTips = tips(repo);
    }
    write("n.bin", pointer(NEW, 77));
    write("old.bin", pointer(OLD, 22)); // back from the base's history: the base chain carries it
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", "after the base");
    git(source, "branch", "revived", "main~2");
    git(source, "checkout", "-q", "feature");
    write("g.bin", pointer(NEW_FEATURE, 88));
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", "feature after the base");
    git(source, "checkout", "-q", "main");
    git(cache, "fetch", "-q", source.toString(), "+refs/*:refs/*"); // new objects outside the bitmapped pack
    Path unbitmapped = mirror("plain.git");

    String pruned = "0123456789abcdef0123456789abcdef01234567";
    List<String> covered = new ArrayList<>(baseTips);
    covered.add(pruned);
    try (Repository repo = open(cache); Repository plain = open(unbitmapped)) {
      assertNotNull(bitmapIndexOf(repo));
      LfsPointerScanner scanner = new LfsPointerScanner(repo);
      SortedMap<String, PointerFile> added = scanner.scan(tips(repo), covered, LfsScope.HISTORY, Set.of());
      assertEquals(Map.of(NEW, 77L, NEW_FEATURE, 88L), sizes(added));
      assertEquals(Set.of(NEW_FEATURE), scanner.scan(tips(repo), covered, LfsScope.HISTORY, Set.of(NEW)).keySet());
      assertEquals(sizes(new LfsPointerScanner(plain).scan(tips(plain), LfsScope.HISTORY, Set.of())),
          sizes(scanner.scan(tips(repo), LfsScope.HISTORY, Set.of())), "a full scan still sees everything");

      assertNull(bitmapIndexOf(plain));
      SortedMap<String, PointerFile> walked = new LfsPointerScanner(plain).scan(tips(plain), covered,
          LfsScope.HISTORY, Set.of());
      assertTrue(walked.keySet().containsAll(added.keySet()), walked.toString());
      assertTrue(Set.of(NEW, NEW_FEATURE, OLD).containsAll(walked.keySet()),
          "the tree walk stops at the base's commits; it may name what they reach only through old history: "
              + walked);
    }
  }

  private Path mirror(String name) {
    Path dir = tmp.resolve(name);
    git(tmp, "clone", "-q", "--mirror", "--no-local", source.toString(), dir.toString());
    return dir;
  }

  private void write(String file, String content) throws IOException {
    Files.writeString(source.resolve(file), content, StandardCharsets.UTF_8);
  }

  static Repository open(Path gitDir) throws IOException {
    return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
  }

  static List<String> tips(Repository repo) throws IOException {
    return repo.getRefDatabase().getRefs().stream().map(Ref::getObjectId).map(id -> id.name()).toList();
  }

  private static Object bitmapIndexOf(Repository repo) throws IOException {
    try (ObjectReader reader = repo.newObjectReader()) {
      return reader.getBitmapIndex();
    }
  }

  static Map<String, Long> sizes(Map<String, PointerFile> found) {
    return found.values().stream().collect(Collectors.toMap(PointerFile::oid, PointerFile::size, (a, b) -> a,
        TreeMap::new));
  }

  static String pointer(String oid, long size) {
    return "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + size + "\n";
  }

  /** A pointer JGit parses, padded with an unknown key to exactly {@code length} bytes. */
  private static String padded(String oid, int length) {
    String head = pointer(oid, length) + "x-padding ";
    String padded = head + "z".repeat(length - head.length() - 1) + "\n";
    assertEquals(length, padded.getBytes(StandardCharsets.UTF_8).length);
    return padded;
  }

  static String oid(String content) {
    return LfsSampleRepo.oid(content.getBytes(StandardCharsets.UTF_8));
  }
}
