package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.CraftedBundles;
import io.airgap.archiver.testing.SampleRepos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A first bundle is unbundled into an empty workspace by indexing its pack with a check that proves
 * it complete, instead of JGit's fetch and its walk over the whole history. Against C git: the refs
 * are the bundle's, {@code git fsck --full --strict} finds the workspace clean; and packs that C
 * git's {@code pack-objects} wrote without one object (a blob, a tree, a parent, a tag's object), or
 * with a tree naming a blob as a subtree, are refused with nothing left behind, as a bundle's
 * lying header is.
 */
class StandaloneUnbundleTest {
  @TempDir
  Path tmp;

  private Path src;

  @BeforeEach
  void source() throws Exception {
    src = SampleRepos.rich(tmp.resolve("src"));
    // a submodule entry names a commit of another repository, which no bundle carries
    git(src, "update-index", "--add", "--cacheinfo", "160000," + "c0ffee".repeat(6) + "c0ff,vendor/lib");
    Files.writeString(src.resolve(".gitmodules"), "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib\n");
    git(src, "add", ".gitmodules");
    git(src, "commit", "-q", "-m", "submodule");
    git(src, "tag", "blob-tag", "HEAD:README.md");
  }

  @Test
  void aWholeBundle_landsWithItsRefs_andTheWorkspaceIsFsckClean() throws Exception {
    Path bundle = tmp.resolve("all.bundle");
    git(src, "bundle", "create", "-q", bundle.toString(), "--all");
    Path ws = tmp.resolve("ws");
    try (Workspace workspace = Workspace.open(ws)) {
      List<Path> packs = workspace.applyBundle(bundle, true, ProgressListener.NONE, null);
      assertEquals(1, packs.size(), packs.toString());
    }
    Path repo = ws.resolve("repo.git");
    assertEquals(CGit.refs(src), CGit.refs(repo));
    git(repo, "fsck", "--full", "--strict", "--no-dangling");
    assertEquals(List.of(), files(repo.resolve("objects/pack")).stream().filter(n -> n.endsWith(".keep")).toList());
  }

  /** Each object a commit, tree or tag names, left out of a pack that is otherwise whole. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "a blob a tree names,        main:src/app.txt, refs/heads/main",
      "a subtree,                  main:src,         refs/heads/main",
      "a parent commit,            main~1,           refs/heads/main",
      "the object of an annotated tag, v1.0^{commit}, refs/tags/v1.0"})
  void aPackWithoutAnObjectItsHistoryNames_isRefused_andTheWorkspaceIsEmptyAgain(String what, String rev, String ref)
      throws Exception {
    String left = git(src, "rev-parse", rev).trim();
    assertRefusedLeavingNothing(bundleWithout(left, ref),
        "does not contain the complete history of the refs its header lists (it lacks " + left);
  }

  @Test
  void aRefWhoseObjectThePackLacks_isNamed() throws Exception {
    String tip = git(src, "rev-parse", "main").trim();
    assertRefusedLeavingNothing(bundleWithout(tip, "refs/heads/main"),
        "repo.bundle's header lists refs/heads/main at " + tip + ", but its pack does not contain that object");
  }

  @Test
  void aTreeNamingABlobAsASubtree_isRefusedAsCorrupt() throws Exception {
    String blob = git(src, "rev-parse", "main:README.md").trim();
    Path crafted = tmp.resolve("crafted");
    git(tmp, "init", "-q", "--bare", crafted.toString());
    git(src, "push", "-q", crafted.toString(), "main");
    // git mktree refuses the mismatch, so the tree's bytes are written as they are
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes("40000 dir\0".getBytes(StandardCharsets.US_ASCII));
    raw.writeBytes(java.util.HexFormat.of().parseHex(blob));
    Path rawTree = Files.write(tmp.resolve("tree.raw"), raw.toByteArray());
    String tree = git(crafted, "hash-object", "-t", "tree", "-w", "--literally", rawTree.toString()).trim();
    String commit = git(crafted, "commit-tree", "-m", "mistyped", tree).trim();
    Path bundle = CraftedBundles.of(crafted, List.of(commit, tree, blob), Map.of("refs/heads/main", commit), tmp);
    assertRefusedLeavingNothing(bundle, "repo.bundle's pack is corrupt (" + blob
        + " named as one type of object but stored as another)");
  }

  @Test
  void aBundleWithPrerequisites_isLeftToTheCheckedFetch() throws Exception {
    Path bundle = tmp.resolve("thin.bundle");
    git(src, "bundle", "create", "-q", bundle.toString(), "main~1..main");
    try (Workspace workspace = Workspace.open(tmp.resolve("ws"))) {
      Exception refused = assertThrows(Exception.class,
          () -> workspace.applyBundle(bundle, true, ProgressListener.NONE, "base-1"));
      assertTrue(refused.getMessage().contains("restore its base archive base-1 first"), refused.getMessage());
    }
  }

  /** Refused as an untrusted archive, then the workspace holds nothing, and a good bundle lands in it. */
  private void assertRefusedLeavingNothing(Path bundle, String message) throws Exception {
    Path ws = tmp.resolve("ws");
    try (Workspace workspace = Workspace.open(ws)) {
      UntrustedArchiveException refused = assertThrows(UntrustedArchiveException.class,
          () -> workspace.applyBundle(bundle, true, ProgressListener.NONE, null));
      assertTrue(refused.getMessage().contains(message), refused.getMessage());
      assertTrue(refused.getMessage().endsWith("nothing was restored"), refused.getMessage());
      assertTrue(workspace.holdsNoObjects(), "no pack left: " + files(ws.resolve("repo.git/objects/pack")));
      assertEquals("", CGit.refs(ws.resolve("repo.git")), "no ref left");
      assertFalse(Files.exists(ws.resolve("repo.git/packed-refs")));

      Path good = tmp.resolve("good.bundle");
      git(src, "bundle", "create", "-q", good.toString(), "--all");
      workspace.applyBundle(good, true, ProgressListener.NONE, null);
    }
    assertEquals(CGit.refs(src), CGit.refs(ws.resolve("repo.git")));
  }

  /** A bundle of every object {@code ref} reaches but {@code left}, its header listing {@code ref}. */
  private Path bundleWithout(String left, String ref) throws Exception {
    List<String> objects = git(src, "rev-list", "--objects", ref).lines()
        .map(l -> l.split(" ", 2)[0]).filter(id -> !id.equals(left)).toList();
    String tip = git(src, "rev-parse", ref).trim();
    return CraftedBundles.of(src, objects, Map.of(ref, tip), tmp);
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
