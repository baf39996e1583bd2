package io.airgap.archiver.policy;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.TaggedContentRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy sees every object an archived ref reaches — blobs and trees named by a ref or by
 * annotated tags of any depth, notes — matches deny-paths case-insensitively after NFKC folding, and
 * fails (never passes) when an object it must read is missing, corrupt or of an unexpected type.
 */
class PolicyReachTest {
  @TempDir Path tmp;

  private Policy policy(String yaml) throws Exception {
    return PolicyFile.load(Files.writeString(tmp.resolve("policy-" + yaml.hashCode() + ".yaml"), yaml));
  }

  private static List<Finding> check(Path src, Policy policy, SortedMap<String, String> refs, Set<String> assumed)
      throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(src.resolve(".git").toFile()).build()) {
      return new PolicyCheck(policy, null, ProgressListener.NONE).findings(new PolicyInput(repo, refs, assumed,
          List.of(), null, List.of(), -1));
    }
  }

  private static List<String> named(List<Finding> findings) {
    return findings.stream().map(f -> f.rule() + " " + f.path() + " " + f.ref()).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void tagsOfBlobsAndTrees_nestedTags_notes_andFoldedNames_areAllFound(boolean bitmaps) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    TaggedContentRepo.addAll(src);
    if (bitmaps) {
      git(src, "repack", "-adq", "--write-bitmap-index");
    }
    String main = git(src, "rev-parse", "refs/heads/main").strip();
    List<Finding> findings = check(src, policy("secrets: true\n" + TaggedContentRepo.DENY_PATHS),
        TaggedContentRepo.refs(src), Set.of());
    assertEquals(List.of(
        "deny-paths .ssh/id_rsa refs/tags/snap",
        "deny-paths ID_RSA refs/heads/names",
        "deny-paths app/" + TaggedContentRepo.FULLWIDTH_ENV + " refs/heads/names",
        "deny-paths certs/k.PEM refs/heads/names",
        "deny-paths config/.ENV refs/heads/names",
        "deny-paths keys/" + TaggedContentRepo.FULLWIDTH_ID_RSA + " refs/heads/names",
        "deny-paths nested/K.Pem refs/tags/deep",
        "secret/aws-access-key-id " + main + " refs/notes/commits",
        "secret/aws-access-key-id deploy/settings.env refs/tags/snap",
        "secret/aws-access-key-id null refs/tags/outer",
        "secret/private-key null refs/tags/v1"), named(findings));
    assertTrue(findings.stream().noneMatch(f -> f.ref().startsWith("refs/tags/") && f.commit() != null),
        "no commit introduced what a tag names");
    assertFalse(findings.toString().contains(TaggedContentRepo.KEY_BODY));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void secretsOnly_aTaggedBlobIsScanned_evenWhenTheReachedBlobsCouldPassWithoutAWalk(boolean incremental)
      throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    String base = git(src, "rev-parse", "refs/heads/main").strip();
    TaggedContentRepo.tagContent(src);
    git(src, "repack", "-adq", "--write-bitmap-index");
    SortedMap<String, String> refs = new TreeMap<>(Map.of("refs/heads/main", base,
        "refs/tags/v1", git(src, "rev-parse", "v1").strip()));
    assertEquals(List.of("secret/private-key null refs/tags/v1"), named(check(src, policy("secrets: true\n"), refs,
        incremental ? Set.of(base) : Set.of())));
  }

  @Test
  void incremental_aTaggedBlobIsTheOnlyNewObject_isFound_andWhatTheReceiverHoldsIsNot() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    String base = git(src, "rev-parse", "refs/heads/main").strip();
    TaggedContentRepo.tagContent(src);
    SortedMap<String, String> refs = new TreeMap<>(TaggedContentRepo.refs(src));
    Policy policy = policy("secrets: true\n" + TaggedContentRepo.DENY_PATHS);
    List<String> found = named(check(src, policy, refs, Set.of(base)));
    assertTrue(found.contains("secret/private-key null refs/tags/v1"), found.toString());
    assertTrue(found.contains("deny-paths .ssh/id_rsa refs/tags/snap"), found.toString());

    // a receiver that already holds the tagged blob and tree (a push to a target with those refs)
    Set<String> held = Set.of(base, refs.get("refs/tags/v1"), refs.get("refs/tags/snap"), refs.get("refs/tags/outer"),
        refs.get("refs/tags/deep"));
    assertEquals(List.of(), check(src, policy, refs, held));
  }

  @Test
  void incremental_aTaggedTreeSharingFilesWithTheBase_reportsOnlyWhatIsNew() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "old/id_rsa", "an old key file the base already carried\n", "old");
    String base = git(src, "rev-parse", "refs/heads/main").strip();
    String tree = TaggedContentRepo.tree(src, Map.of("old/id_rsa", "an old key file the base already carried\n",
        "new/id_rsa", "a new one\n"));
    git(src, "tag", "snap", tree);
    SortedMap<String, String> refs = new TreeMap<>(Map.of("refs/heads/main", base, "refs/tags/snap", tree));
    assertEquals(List.of("deny-paths new/id_rsa refs/tags/snap"),
        named(check(src, policy(TaggedContentRepo.DENY_PATHS), refs, Set.of(base))));
  }

  /** How a repository can fail the scan: each must fail the check, naming the object. */
  enum Damage { TIP_COMMIT_MISSING, TAGGED_BLOB_MISSING, TAG_TARGET_MISSING, TAGGED_BLOB_CORRUPT, TREE_ENTRY_NOT_A_BLOB }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Damage.class)
  void anObjectTheScanCannotRead_failsTheCheck_neverPasses(Damage damage) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    String blob = TaggedContentRepo.blob(src, TaggedContentRepo.PRIVATE_KEY);
    String unreadable;
    switch (damage) {
      case TIP_COMMIT_MISSING -> {
        SampleRepos.commit(src, "b.txt", "b\n", "second");
        unreadable = git(src, "rev-parse", "HEAD").strip();
        deleteLoose(src, unreadable);
      }
      case TAGGED_BLOB_MISSING -> {
        git(src, "tag", "v1", blob);
        unreadable = blob;
        deleteLoose(src, blob);
      }
      case TAG_TARGET_MISSING -> {
        git(src, "tag", "-a", "-m", "a tag", "v1", blob);
        unreadable = blob;
        deleteLoose(src, blob);
      }
      case TAGGED_BLOB_CORRUPT -> {
        git(src, "tag", "v1", blob);
        unreadable = blob;
        Path file = loose(src, blob);
        Files.delete(file);
        Files.write(file, new byte[] {0x78, 0x01, 0x2b, 0x2d, 0x00, 0x13, 0x37});
      }
      case TREE_ENTRY_NOT_A_BLOB -> {
        String subtree = TaggedContentRepo.tree(src, Map.of("inner.txt", "x\n"));
        Map<String, String> env = Map.of("GIT_INDEX_FILE", tmp.resolve("index").toString());
        io.airgap.archiver.testing.CGit.run(src, env, "update-index", "--add", "--cacheinfo",
            "100644," + subtree + ",looks-like-a-file.txt").requireSuccess(List.of("update-index"));
        String tree = io.airgap.archiver.testing.CGit.run(src, env, "write-tree").requireSuccess(List.of("write-tree"))
            .stdout().strip();
        git(src, "tag", "snap", tree);
        unreadable = subtree;
      }
      default -> throw new AssertionError(damage);
    }
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> check(src, policy("secrets: true\n"), TaggedContentRepo.refs(src), Set.of()));
    assertTrue(e.getMessage().contains(unreadable), e.getMessage());
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    assertTrue(e.getMessage().contains("git fsck"), e.getMessage());
  }

  @Test
  void denyPathGlobs_matchIgnoringCase_andAfterNfkcFolding() {
    assertTrue(new PathGlob("**/.env").matches(".ENV"));
    assertTrue(new PathGlob("**/.env").matches("app/" + TaggedContentRepo.FULLWIDTH_ENV));
    assertTrue(new PathGlob("**/id_rsa").matches("keys/ID_RSA"));
    assertTrue(new PathGlob("**/id_rsa").matches(TaggedContentRepo.FULLWIDTH_ID_RSA));
    assertTrue(new PathGlob("**/id_rsa").matches("keys/id\u200b_rsa"), "a zero-width space hides nothing");
    assertTrue(new PathGlob("**/*.pem").matches("certs/k.PEM"));
    assertTrue(new PathGlob("**/*.pem").matches("k.\uff30\uff25\uff2d"), "fullwidth upper-case PEM");
    assertTrue(new PathGlob("*.PEM").matches("certs/k.pem"), "the glob is folded too");
    assertTrue(new PathGlob("secrets/**").matches("SECRETS/a.txt"));
    assertFalse(new PathGlob("**/id_rsa").matches("keys/id_rsa.pub"));
    assertFalse(new PathGlob("**/.env").matches("app/env"));
  }

  private static Path loose(Path src, String id) {
    return src.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
  }

  private static void deleteLoose(Path src, String id) throws Exception {
    Files.delete(loose(src, id));
  }
}
