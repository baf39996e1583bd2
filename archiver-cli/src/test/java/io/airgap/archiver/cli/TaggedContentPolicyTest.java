package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.TaggedContentRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content policy sees what only tags reach — a ref naming a blob or a tree, annotated tags of
 * annotated tags — and notes, and denies paths whatever their case or Unicode form: create, restore,
 * an incremental create, sync and review all exit 5 naming each finding, and write or push nothing.
 */
class TaggedContentPolicyTest {
  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{64})");
  /** The finding lines every command must name (the notes' path is main's commit id, added per test). */
  private static final List<String> FINDINGS = List.of(
      "secret/private-key (reached from refs/tags/v1)",
      "deny-paths at .ssh/id_rsa (reached from refs/tags/snap)",
      "secret/aws-access-key-id at deploy/settings.env (reached from refs/tags/snap)",
      "secret/aws-access-key-id (reached from refs/tags/outer)",
      "deny-paths at nested/K.Pem (reached from refs/tags/deep)",
      "deny-paths at ID_RSA in commit",
      "deny-paths at certs/k.PEM in commit",
      "deny-paths at config/.ENV in commit",
      "deny-paths at keys/" + TaggedContentRepo.FULLWIDTH_ID_RSA + " in commit",
      "deny-paths at app/" + TaggedContentRepo.FULLWIDTH_ENV + " in commit");

  @TempDir Path tmp;

  private Path policy() throws Exception {
    return Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n" + TaggedContentRepo.DENY_PATHS);
  }

  private Path source() {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    TaggedContentRepo.addAll(src);
    return src;
  }

  private static void assertNamesEveryFinding(String err, Path src) {
    for (String finding : FINDINGS) {
      assertTrue(err.contains(finding), finding + " in:\n" + err);
    }
    String main = git(src, "rev-parse", "refs/heads/main").strip();
    assertTrue(err.contains("secret/aws-access-key-id at " + main), "the note's credential: " + err);
    assertTrue(err.contains("(reached from refs/notes/commits)"), err);
    assertEquals(FINDINGS.size() + 1, FINGERPRINT.matcher(err).results().count(), err);
    assertFalse(err.contains(TaggedContentRepo.KEY_BODY) || err.contains(TaggedContentRepo.TREE_KEY)
        || err.contains(TaggedContentRepo.NESTED_TAG_KEY) || err.contains(TaggedContentRepo.NOTE_KEY),
        "no secret's value: " + err);
  }

  @Test
  void create_withContentOnlyTagsAndNotesReach_andFoldedNames_exits5_namingEach_writingNothing() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = source();
    Path out = tmp.resolve("out");
    CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--policy", policy().toString()).expect(5);
    assertNamesEveryFinding(refused.err(), src);
    assertFalse(Files.exists(out) && Fixtures.listAll(out).stream().anyMatch(Files::isRegularFile),
        "no archive, and no partial file, is written");
  }

  @Test
  void restore_withPolicy_ofAnArchiveCreatedWithout_exits5_andPushesNothing_withOrWithoutRequirePolicy()
      throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Path src = source();
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    Path policy = policy();
    String[] restore = {"restore", archive.toString(), "--target", "file://" + target, "--trust",
        keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(), "--policy", policy.toString()};

    CliRunner.Run refused = cli.run(restore).expect(5);
    assertNamesEveryFinding(refused.err(), src);
    assertEquals("", CGit.refs(target).strip(), "no ref pushed");
    List<String> required = new java.util.ArrayList<>(List.of(restore));
    required.addAll(List.of("--require-policy", Sha256.of(policy)));
    cli.run(required.toArray(String[]::new)).expect(5);
    assertEquals("", CGit.refs(target).strip(), "no ref pushed");

    CliRunner.Run review = cli.run("review", archive.toString(), "--trust", keys.pub().toString(),
        "--policy", policy.toString()).expect(5);
    assertTrue(review.out().contains("finding: secret/private-key (refs/tags/v1)"), review.out());
    assertTrue(review.out().contains("finding: deny-paths at .ssh/id_rsa (refs/tags/snap)"), review.out());

    // without the policy the same restore does push what the tags name: the refusal above is the policy's
    cli.run(java.util.Arrays.copyOf(restore, restore.length - 2)).expect(0);
    assertEquals(git(src, "rev-parse", "refs/tags/v1").strip(), git(target, "rev-parse", "refs/tags/v1").strip());
  }

  @Test
  void incremental_whoseOnlyNewObjectIsATaggedBlob_exits5_namingIt() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path policy = policy();
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("full").toString(),
        "--policy", policy.toString()).expect(0);
    Path full = Fixtures.onlyArchive(tmp.resolve("full"));
    git(src, "tag", "v1", TaggedContentRepo.blob(src, TaggedContentRepo.PRIVATE_KEY));

    Path out = tmp.resolve("incr");
    CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", out.toString(),
        "--incremental", "--base", full.toString(), "--policy", policy.toString()).expect(5);
    assertTrue(refused.err().contains("secret/private-key (reached from refs/tags/v1)"), refused.err());
    assertEquals(1, FINGERPRINT.matcher(refused.err()).results().count(), refused.err());
    assertFalse(Files.exists(out) && Fixtures.listAll(out).stream().anyMatch(Files::isRegularFile));
  }

  @Test
  void sync_withContentOnlyTagsReach_exits5_andTheTargetStaysUntouched() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = source();
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    CliRunner.Run refused = cli.run("sync", "--source", src.toString(), "--target", "file://" + target,
        "--policy", policy().toString()).expect(5);
    assertNamesEveryFinding(refused.err(), src);
    assertEquals("", CGit.refs(target).strip(), "no ref pushed");
  }
}
