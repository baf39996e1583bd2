package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's pack layout keeps bundles as small as C git's, for all refs and for the default set. */
class CacheRepackTest {
  private static final double MAX_RATIO = 1.05;

  @TempDir
  Path tmp;
  private Path source;
  private Path cache;

  @BeforeEach
  void forgeShapedCache() {
    source = SampleRepos.withPullRequests(tmp.resolve("source"), 40);
    cache = tmp.resolve("cache.git");
    git(tmp, "clone", "-q", "--mirror", "--no-local", source.toString(), cache.toString());
  }

  private static SortedMap<String, String> refs(Repository repo, boolean all) throws IOException {
    SortedMap<String, String> refs = new TreeMap<>();
    for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/")) {
      if (all || !ref.getName().startsWith("refs/pull/")) {
        refs.put(ref.getName(), ref.getObjectId().name());
      }
    }
    return refs;
  }

  /** Writes our bundle of the cache's refs (all, or branches and tags) and checks it with stock git. */
  private long ourBundle(boolean all, String name) throws IOException {
    Path file = tmp.resolve(name);
    SortedMap<String, String> refs;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build();
        OutputStream out = Files.newOutputStream(file)) {
      refs = refs(repo, all);
      new BundleCreator(repo, ProgressListener.NONE).write(refs, "refs/heads/main", Set.of(), out);
    }
    Path empty = tmp.resolve("verify-" + name + ".git");
    git(tmp, "init", "-q", "--bare", empty.toString());
    git(empty, "bundle", "verify", "-q", file.toString());
    Path clone = tmp.resolve("clone-" + name + ".git");
    git(tmp, "clone", "-q", "--mirror", file.toString(), clone.toString());
    assertEquals(List.of(), CGit.run(clone, "fsck", "--full", "--no-progress", "--strict").stderr().lines().toList());
    TreeMap<String, String> cloned = new TreeMap<>();
    for (String line : CGit.refs(clone).split("\n")) {
      String[] f = line.split(" ");
      cloned.put(f[2], f[0]);
    }
    assertEquals(refs, cloned, "the bundle's refs are exactly the archived ones");
    return Files.size(file);
  }

  private long stockBundle(String name, String... refs) throws IOException {
    Path file = tmp.resolve(name);
    String[] args = Stream.concat(Stream.of("bundle", "create", "-q", file.toString()), Stream.of(refs))
        .toArray(String[]::new);
    git(source, args);
    return Files.size(file);
  }

  private static void assertWithin(long ours, long stock, String what) {
    assertTrue(ours <= stock * MAX_RATIO, what + ": ours " + ours + " bytes, git bundle " + stock + " bytes ("
        + String.format("%.2f", (double) ours / stock) + "x)");
  }

  private long packs() throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("objects/pack"))) {
      return files.filter(p -> p.toString().endsWith(".pack")).count();
    }
  }

  @Test
  void allRefsBundle_isWithinFivePercentOfGitBundleAll_fromOnePack() throws IOException {
    long stock = stockBundle("stock-all.bundle", "--all");
    long ours = ourBundle(true, "all.bundle");
    assertWithin(ours, stock, "all refs");
    assertEquals(1, packs(), "pull requests share the bitmapped pack, so their objects stay deltas");
    assertWithin(ourBundle(false, "default.bundle"), stockBundle("stock-default.bundle", "--branches", "--tags"),
        "branches and tags from the one pack");
  }

  @Test
  void defaultBundle_thenAllRefs_rejoinsTheSplitPacksWithDeltas() throws IOException {
    long defaultStock = stockBundle("stock-default.bundle", "--branches", "--tags");
    assertWithin(ourBundle(false, "default.bundle"), defaultStock, "branches and tags");
    assertEquals(2, packs(), "branches and tags keep a pack of their own, copied whole");

    long ours = ourBundle(true, "all.bundle");
    assertWithin(ours, stockBundle("stock-all.bundle", "--all"), "all refs after a default archive");
    assertEquals(1, packs());
    assertWithin(ourBundle(false, "default-again.bundle"), defaultStock, "branches and tags again");
    assertEquals(1, packs(), "a default archive does not split the one pack again");
    assertEquals(List.of(), CGit.run(cache, "fsck", "--full", "--no-progress").stderr().lines().toList());
  }
}
