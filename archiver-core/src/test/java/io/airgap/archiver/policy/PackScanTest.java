package io.airgap.archiver.policy;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets scan's one-pass pack reading: every blob's content resolved from its delta chain
 * exactly as JGit reads it, and a secret found in a blob stored as a delta and in one only the
 * history holds (deleted since), named by path and commit — with and without a bitmap index.
 */
class PackScanTest {
  private static final String AWS_KEY = "AKIAZXCVBNMASDFGHJ12";

  @TempDir Path tmp;

  /** A repository whose large file gains a credential in a later, smaller version (so git stores it as a delta). */
  private Path history(boolean bitmaps) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      big.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
    }
    SampleRepos.commit(src, "docs/big.txt", big.toString(), "a large text file");
    String withKey = big.substring(0, big.length() / 2) + "aws_access_key_id = " + AWS_KEY + "\n";
    SampleRepos.commit(src, "docs/big.txt", withKey, "shorten the file, and leak a key");
    SampleRepos.commit(src, "config/old.env", "token_id = " + AWS_KEY.replace("12", "34") + "\n", "a key");
    git(src, "rm", "-q", "config/old.env");
    git(src, "commit", "-q", "-m", "remove the key again");
    SampleRepos.commit(src, "docs/big.txt", big + "the end\n", "restore the file");
    git(src, "repack", "-adfq", "--window=50", "--depth=50");
    if (bitmaps) {
      git(src, "repack", "-adq", "--write-bitmap-index");
    }
    return src;
  }

  private static String blobAt(Path src, String rev) {
    return git(src, "rev-parse", rev).strip();
  }

  @Test
  void packPass_resolvesEveryBlobAsJGitReadsIt_andReadsTheDeltaStoredSecret() throws Exception {
    Path src = history(false);
    String secretBlob = blobAt(src, "HEAD~3:docs/big.txt");
    String deltaBase = deltaBaseOf(src, secretBlob);
    assertNotEquals(ObjectId.zeroId().name(), deltaBase, "precondition: the secret's version is stored as a delta");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(src.resolve(".git").toFile()).build();
         ObjectReader reader = repo.newObjectReader()) {
      Set<ObjectId> blobs = new HashSet<>();
      for (String line : git(src, "cat-file", "--batch-check=%(objectname) %(objecttype)", "--batch-all-objects")
          .lines().toList()) {
        if (line.endsWith(" blob")) {
          blobs.add(ObjectId.fromString(line.substring(0, 40)));
        }
      }
      Map<ObjectId, byte[]> read = new ConcurrentHashMap<>();
      Set<ObjectId> left = new PackBlobReader(32L << 20, 64L << 20, 2).read(repo, blobs, read::put);
      assertEquals(Set.of(), left, "every blob read in the pack pass");
      assertEquals(blobs, read.keySet());
      for (ObjectId id : blobs) {
        assertArrayEquals(reader.open(id, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE), read.get(id), id.name());
      }
      assertTrue(new String(read.get(ObjectId.fromString(secretBlob))).contains(AWS_KEY));
    }
  }

  @Test
  void secretsInADeltaBlobAndADeletedFile_areFoundAndNamed_withABitmapIndex_andAColdThenWarmVerdictCache()
      throws Exception {
    Path src = history(true);
    assertTrue(Files.list(src.resolve(".git/objects/pack")).anyMatch(p -> p.toString().endsWith(".bitmap")));
    Path policyFile = Files.writeString(tmp.resolve("p.yaml"), "secrets: true\n");
    Policy policy = PolicyFile.load(policyFile);
    for (int run = 1; run <= 2; run++) {
      List<Finding> findings = check(src, policy, tmp.resolve("cache"));
      List<String> named = findings.stream().map(f -> f.rule() + " " + f.path() + " " + f.commit()).sorted().toList();
      assertEquals(List.of(
          "secret/aws-access-key-id config/old.env " + git(src, "rev-parse", "HEAD~2").strip(),
          "secret/aws-access-key-id docs/big.txt " + git(src, "rev-parse", "HEAD~3").strip()), named, "run " + run);
      assertFalse(findings.toString().contains(AWS_KEY));
    }
  }

  @Test
  void aCleanHistory_passesWithoutTheWalk_andAWarmCacheScansNothing() throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    SampleRepos.commit(src, "docs/a.txt", "nothing secret here\n", "docs");
    git(src, "repack", "-adq", "--write-bitmap-index");
    Policy policy = PolicyFile.load(Files.writeString(tmp.resolve("p.yaml"), "secrets: true\n"));
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProgressListener listener = event -> messages.add(String.valueOf(event));
    for (int run = 1; run <= 2; run++) {
      messages.clear();
      assertEquals(List.of(), check(src, policy, tmp.resolve("cache"), listener));
      String all = String.join("\n", messages);
      assertTrue(all.contains("nothing to report"), all);
      assertFalse(all.contains("new commits"), "no per-commit walk: " + all);
      assertEquals(run == 2, all.contains(" 0 scanned"), "the second run scans nothing: " + all);
    }
  }

  private static String deltaBaseOf(Path src, String blob) {
    for (String line : git(src, "cat-file", "--batch-check=%(objectname) %(deltabase)", "--batch-all-objects")
        .lines().toList()) {
      if (line.startsWith(blob)) {
        return line.substring(41);
      }
    }
    throw new AssertionError(blob + " not in the repository");
  }

  private static List<Finding> check(Path src, Policy policy, Path cache) throws Exception {
    return check(src, policy, cache, ProgressListener.NONE);
  }

  private static List<Finding> check(Path src, Policy policy, Path cache, ProgressListener listener) throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(src.resolve(".git").toFile()).build()) {
      SortedMap<String, String> refs = new TreeMap<>();
      refs.put("refs/heads/main", repo.resolve("refs/heads/main").name());
      return new PolicyCheck(policy, cache, listener).findings(new PolicyInput(repo, refs, Set.of(), List.of(), null,
          List.of(), -1));
    }
  }
}
