package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCreatorTest {
  @TempDir
  Path tmp;

  /** A mirror like create's cache: every ref of the source, including one that is not archived. */
  private Path cacheOf(Path source) {
    git(source, "checkout", "-q", "-b", "pull-only");
    SampleRepos.commit(source, "secret.txt", "must not travel\n", "not archived");
    git(source, "update-ref", "refs/pull/1/head", "pull-only");
    git(source, "checkout", "-q", "main");
    git(source, "branch", "-q", "-D", "pull-only");
    Path cache = tmp.resolve("cache.git");
    git(tmp, "clone", "-q", "--mirror", source.toString(), cache.toString());
    return cache;
  }

  private static SortedMap<String, String> archivedRefs(Repository repo) throws IOException {
    SortedMap<String, String> refs = new TreeMap<>();
    for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/")) {
      if (!ref.getName().startsWith("refs/pull/")) {
        refs.put(ref.getName(), ref.getObjectId().name());
      }
    }
    return refs;
  }

  private static byte[] bundle(Repository repo, Map<String, String> refs, Set<String> assumed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BundleCreator(repo, ProgressListener.NONE).write(refs, "refs/heads/main", assumed, out);
    return out.toByteArray();
  }

  private static boolean hasBitmap(Path gitDir) throws IOException {
    try (Stream<Path> files = Files.list(gitDir.resolve("objects/pack"))) {
      return files.anyMatch(p -> p.toString().endsWith(".bitmap"));
    }
  }

  @Test
  void fullBundle_isAcceptedByStockGit_andCarriesOnlyArchivedRefs() throws IOException {
    Path source = SampleRepos.rich(tmp.resolve("source"));
    Path cache = cacheOf(source);
    String secret = git(source, "rev-parse", "refs/pull/1/head:secret.txt").trim();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      SortedMap<String, String> refs = archivedRefs(repo);
      byte[] first = bundle(repo, refs, Set.of());
      assertTrue(hasBitmap(cache), "the cache was repacked with a bitmap index");
      assertArrayEquals(first, bundle(repo, refs, Set.of()), "the same cache state gives the same bytes");

      Path file = tmp.resolve("repo.bundle");
      Files.write(file, first);
      Path empty = tmp.resolve("empty.git");
      git(tmp, "init", "-q", "--bare", empty.toString());
      git(empty, "bundle", "verify", "-q", file.toString());
      Path clone = tmp.resolve("clone.git");
      git(tmp, "clone", "-q", "--mirror", file.toString(), clone.toString());
      git(clone, "fsck", "--no-progress", "--strict");
      TreeMap<String, String> cloned = new TreeMap<>();
      for (String line : CGit.refs(clone).split("\n")) {
        String[] f = line.split(" ");
        cloned.put(f[2], f[0]);
      }
      assertEquals(refs, cloned);
      assertNotEquals(0, CGit.run(clone, "cat-file", "-e", secret).exitCode(),
          "objects only an unarchived ref reaches stay out of the bundle");
    }
  }

  @Test
  void incrementalBundle_appliesOnTopOfTheBase() throws IOException {
    Path source = SampleRepos.rich(tmp.resolve("source"));
    Path cache = cacheOf(source);
    Path base = tmp.resolve("base.git");
    git(tmp, "clone", "-q", "--mirror", source.toString(), base.toString());
    String baseMain = git(source, "rev-parse", "main").trim();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      bundle(repo, archivedRefs(repo), Set.of()); // leaves the cache bitmapped, as a first full archive does
    }
    SampleRepos.commit(source, "src/next.txt", "next\n", "next");
    git(cache, "fetch", "-q", source.toString(), "+refs/*:refs/*");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      SortedMap<String, String> refs = archivedRefs(repo);
      Path file = tmp.resolve("inc.bundle");
      Files.write(file, bundle(repo, refs, Set.of(baseMain)));
      CGit.Result verify = CGit.run(base, "bundle", "verify", file.toString());
      assertEquals(0, verify.exitCode(), verify.stderr());
      assertTrue(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n-" + baseMain + " "),
          "the base's commit is a prerequisite");
      git(base, "fetch", "-q", file.toString(), "+refs/heads/*:refs/heads/*");
      assertEquals(refs.get("refs/heads/main"), git(base, "rev-parse", "main").trim());
      git(base, "fsck", "--no-progress");
    }
  }

  @Test
  void repack_runsOnlyWhenTheCacheHasNoBitmapIndex() throws IOException {
    Path cache = cacheOf(SampleRepos.rich(tmp.resolve("source")));
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      assertFalse(hasBitmap(cache));
      assertTrue(CacheRepack.ensureBitmapIndex(repo, NullProgressMonitor.INSTANCE));
      assertTrue(hasBitmap(cache));
      assertFalse(CacheRepack.ensureBitmapIndex(repo, NullProgressMonitor.INSTANCE));
      assertEquals(List.of(), CGit.run(cache, "fsck", "--no-progress").stderr().lines().toList());
    }
  }

  @Test
  void repack_keepsHistoryThatNoRefReachesAnyMore() throws IOException {
    Path source = SampleRepos.rich(tmp.resolve("source"));
    git(source, "checkout", "-q", "-b", "doomed");
    SampleRepos.commit(source, "src/doomed.txt", "soon deleted\n", "on a branch about to be deleted");
    String replaced = git(source, "rev-parse", "HEAD").trim();
    git(source, "checkout", "-q", "main");
    Path cache = tmp.resolve("cache.git");
    git(tmp, "clone", "-q", "--mirror", "--no-local", source.toString(), cache.toString());
    git(source, "branch", "-q", "-D", "doomed");
    SampleRepos.commit(source, "src/next.txt", "next\n", "next");
    git(cache, "fetch", "-q", "--prune", "--no-auto-gc", source.toString(), "+refs/*:refs/*");
    assertFalse(git(cache, "rev-list", "--all").contains(replaced), "no ref of the cache reaches it");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      assertTrue(CacheRepack.ensureBitmapIndex(repo, NullProgressMonitor.INSTANCE));
    }
    assertTrue(hasBitmap(cache));
    assertEquals(0, CGit.run(cache, "cat-file", "-e", replaced).exitCode(),
        "a deleted branch's commit stays: an incremental archive may build on it");
    git(cache, "fsck", "--no-progress", "--strict");
  }

  @Test
  void repack_withManyBranches_selectsBitmapsFromTheNewestOnly() throws IOException {
    Path source = SampleRepos.rich(tmp.resolve("source"));
    for (int i = 0; i < 250; i++) {
      git(source, "branch", "-q", "-f", "many/" + i, i % 2 == 0 ? "main" : "feature/x");
    }
    Path cache = tmp.resolve("cache.git");
    git(tmp, "clone", "-q", "--mirror", "--no-local", source.toString(), cache.toString());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
      SortedMap<String, String> refs = archivedRefs(repo);
      Path file = tmp.resolve("many.bundle");
      Files.write(file, bundle(repo, refs, Set.of()));
      assertTrue(hasBitmap(cache));
      Path clone = tmp.resolve("clone.git");
      git(tmp, "clone", "-q", "--mirror", file.toString(), clone.toString());
      assertEquals(refs.size(), CGit.refs(clone).split("\n").length);
      git(clone, "fsck", "--no-progress");
    }
  }
}
