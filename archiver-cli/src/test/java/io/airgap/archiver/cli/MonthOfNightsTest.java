package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #28, a month of nights in one test: each night the mirror runs once (to its near target and a
 * signed backup folder), the operator reviews the night's new backup against the backup folder, carries
 * the new archive to the stick and restores the stick's folder on the far side. The nights bring a branch
 * rewrite, a deleted branch, a new LFS object, a missed night, a fake AWS key later allowed by fingerprint,
 * and a damaged copy on the stick that the next night heals. Every review shows exactly what was planted.
 */
class MonthOfNightsTest {
  private static final Pattern FINDING = Pattern.compile("(?m)^.*finding: (\\S+ at \\S+).*$");
  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{64})");

  @TempDir Path tmp;
  private CliRunner cli;
  private GitLfs lfs;
  private LfsSampleRepo repo;
  private Fixtures.Keys keys;
  private Path src;
  private Path config;
  private Path backups;
  private Path stick;
  private Path near;
  private Path far;
  private Path policy;
  private final Set<Path> seen = new HashSet<>();

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    lfs = GitLfs.setUp(tmp.resolve("lfs-home"), null, null);
    // a local working repository: its LFS objects are in .git/lfs/objects, which the mirror reads directly
    repo = LfsSampleRepo.create(lfs, tmp.resolve("src"));
    src = repo.dir;
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    backups = tmp.resolve("backups");
    stick = Files.createDirectories(tmp.resolve("stick"));
    near = tmp.resolve("near.git");
    far = tmp.resolve("far.git");
    policy = Files.writeString(tmp.resolve("policy.yaml"), "secrets: true\n");
    // The source is the authority: a force-push there is a deliberate history rewrite the copies must follow
    // (source-wins), and a branch deleted there must go from the copies too (prune), or they drift forever.
    config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            targets: [ "file://%s" ]
            backup-to: [ "%s" ]
            sign-key: %s
            on-conflict: source-wins
            prune: true
            interval: 1d
        """.formatted(src, near, backups, keys.secret()));
  }

  @Test
  void aMonthOfNights_rewriteDeleteLfsSecretMissedNightAndDamagedStick_allEndEqual() throws Exception {
    // night 1: the first backup is a full archive; a clean repository has no findings
    Path n1 = night();
    assertEquals(List.of(), review(n1, 0));
    restore(0);
    assertAllEqual();

    // night 2: a commit on main and a rewrite of feature/lfs (force-pushed at the source)
    SampleReposLfs.commit(lfs, src, "main", "notes.txt", "night two\n", "night two");
    String oldFeature = CGit.git(src, "rev-parse", "feature/lfs").strip();
    lfs.git(src, "checkout", "-q", "feature/lfs");
    lfs.git(src, "reset", "-q", "--hard", "main");
    SampleReposLfs.commitHere(lfs, src, "feature.txt", "rewritten feature\n", "feature, rewritten");
    lfs.git(src, "checkout", "-q", "main");
    Path n2 = night();
    assertEquals(List.of(), review(n2, 0));
    restore(0);
    assertAllEqual();
    assertFalse(CGit.git(far, "rev-parse", "refs/heads/feature/lfs").strip().equals(oldFeature), "the rewrite arrived");

    // night 3: feature/lfs deleted at the source; a new LFS object on main
    lfs.git(src, "branch", "-q", "-D", "feature/lfs");
    byte[] added = "a brand new LFS object, night three\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    Files.write(src.resolve("added.bin"), added);
    lfs.git(src, "add", "added.bin");
    lfs.git(src, "commit", "-q", "-m", "night three: one more LFS file");
    Path n3 = night();
    assertEquals(List.of(), review(n3, 0));
    restore(0);
    assertAllEqual();
    assertFalse(CGit.git(far, "for-each-ref", "refs/heads/").contains("feature/lfs"), "the deleted branch went");
    String addedOid = LfsSampleRepo.oid(added);
    assertArrayEquals(added, Files.readAllBytes(far.resolve("lfs/objects")
        .resolve(ArchiveLayout.lfsObjectPath(addedOid).substring("lfs/objects/".length()))));

    // night 4 is missed (no run); night 5 carries its change and its own: a fake AWS key
    SampleReposLfs.commit(lfs, src, "main", "night4.txt", "missed night\n", "night four");
    SampleReposLfs.commit(lfs, src, "main", "config/deploy.env",
        "aws_access_key_id = " + ContentPolicyTest.AWS_KEY + "\n", "night five: deploy config");
    Path n5 = night();
    CliRunner.Run flagged = reviewRun(n5, 5);
    assertEquals(List.of("secret/aws-access-key-id at config/deploy.env"), findings(flagged.out()), flagged.all());
    assertTrue(flagged.out().contains("new commits: 2"), "two nights of changes: " + flagged.out());
    // the operator checks the key is a known fake, allows exactly it by fingerprint, and reviews again
    Matcher fp = FINGERPRINT.matcher(flagged.all());
    assertTrue(fp.find(), "review names the finding's fingerprint: " + flagged.all());
    Files.writeString(policy, Files.readString(policy) + "allow:\n  - \"" + fp.group(1) + "\"\n");
    // the review now passes; it still lists the key, marked [allowed], so the operator sees what was let through
    CliRunner.Run allowed = reviewRun(n5, 0);
    assertEquals(List.of(), findings(allowed.out()), allowed.all());
    assertTrue(allowed.out().contains("finding: secret/aws-access-key-id at config/deploy.env")
        && allowed.out().contains("[allowed] [fingerprint " + fp.group(1) + "]"), allowed.out());
    restore(0);
    assertAllEqual();

    // night 6: a clean change, but the newest copy on the stick is damaged in transit
    SampleReposLfs.commit(lfs, src, "main", "night6.txt", "night six\n", "night six");
    Path n6 = night();
    assertEquals(List.of(), review(n6, 0));
    Path damaged = stick.resolve(n6.getFileName());
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(damaged, bytes);
    String farBefore = CGit.refs(far);
    CliRunner.Run refused = restore(3);
    // wherever the flipped byte lands (gzip stream, signature, SHA256SUMS, an entry) the refusal is exit 3
    assertTrue(refused.err().contains("error: "), refused.all());
    assertEquals(farBefore, CGit.refs(far), "nothing pushed from a damaged stick");

    // night 7: the operator replaces the damaged file from the backup folder; the next archive comes along
    Files.copy(n6, damaged, StandardCopyOption.REPLACE_EXISTING);
    SampleReposLfs.commit(lfs, src, "main", "night7.txt", "night seven\n", "night seven");
    Path n7 = night();
    assertEquals(List.of(), review(n7, 0));
    restore(0);
    assertAllEqual();
  }

  /** One night's {@code mirror run}; copies the new backup archive to the stick and returns it (in the backup folder). */
  private Path night() throws Exception {
    // archive names and creation times have one-second precision: each night starts in a later second
    Fixtures.awaitNextSecond();
    // --all: this test's nights are seconds apart, so no mirror is "due" by its 1d interval; a night is a
    // --once run after the interval has passed, which --all stands in for
    cli.run("mirror", "run", "--config", config.toString(), "--all").expect(0);
    assertEquals(CGit.refs(src), CGit.refs(near), "the near target follows the source");
    List<Path> fresh = new ArrayList<>();
    for (Path p : Fixtures.listAll(backups)) {
      if (p.toString().endsWith(".tar.gz") && seen.add(p)) {
        fresh.add(p);
      }
    }
    assertEquals(1, fresh.size(), "one new backup archive a night: " + fresh);
    Path archive = fresh.get(0);
    for (Path p : Fixtures.listAll(backups)) {
      if (p.getFileName().toString().startsWith(stripTarGz(archive.getFileName().toString()))) {
        Files.copy(p, stick.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return archive;
  }

  private static String stripTarGz(String name) {
    return name.substring(0, name.length() - ".tar.gz".length());
  }

  /** Reviews the night's archive against the whole backup folder (the chain rebuilt from it); returns its findings. */
  private List<String> review(Path archive, int exit) {
    CliRunner.Run run = reviewRun(archive, exit);
    assertEquals(List.of(), allowedFindings(run.out()), "nothing allowed shows on this night: " + run.out());
    return findings(run.out());
  }

  private CliRunner.Run reviewRun(Path archive, int exit) {
    CliRunner.Run run = cli.run("review", archive.toString(), "--base", backups.toString(), "--trust",
        keys.pub().toString(), "--policy", policy.toString()).expect(exit);
    assertTrue(run.out().contains("signature: good, made by trusted key "), "the backups are signed: " + run.out());
    return run;
  }

  /** The findings that block ("finding: RULE at PATH"), without those the policy allows. */
  private static List<String> findings(String out) {
    return matching(out, false);
  }

  private static List<String> allowedFindings(String out) {
    return matching(out, true);
  }

  private static List<String> matching(String out, boolean allowed) {
    List<String> found = new ArrayList<>();
    for (Matcher m = FINDING.matcher(out); m.find(); ) {
      if (m.group().contains("[allowed]") == allowed) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /**
   * Restores the stick's folder on the far side. The far side mirrors the source too: what was rewritten or
   * deleted there is rewritten or deleted here (source-wins, prune), as on the near side.
   */
  private CliRunner.Run restore(int exit) {
    return cli.run("restore", stick.toString(), "--target", "file://" + far, "--trust", keys.pub().toString(),
        "--workspace", tmp.resolve("far-ws").toString(), "--prune", "--on-conflict", "source-wins").expect(exit);
  }

  private void assertAllEqual() throws Exception {
    String source = CGit.refs(src);
    assertEquals(source, CGit.refs(near), "near target");
    assertEquals(source, CGit.refs(far), "far target");
    for (Map.Entry<String, byte[]> object : repo.objects().entrySet()) {
      String relative = ArchiveLayout.lfsObjectPath(object.getKey()).substring("lfs/objects/".length());
      assertTrue(Files.exists(far.resolve("lfs/objects").resolve(relative)), "LFS object " + object.getKey());
    }
  }

  /** Commits in the LFS-enabled source, so *.bin stays tracked by LFS. */
  private static final class SampleReposLfs {
    static void commit(GitLfs lfs, Path dir, String branch, String file, String content, String message)
        throws Exception {
      lfs.git(dir, "checkout", "-q", branch);
      commitHere(lfs, dir, file, content, message);
    }

    static void commitHere(GitLfs lfs, Path dir, String file, String content, String message) throws Exception {
      Path path = dir.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, content);
      lfs.git(dir, "add", file);
      lfs.git(dir, "commit", "-q", "-m", message);
    }
  }
}
