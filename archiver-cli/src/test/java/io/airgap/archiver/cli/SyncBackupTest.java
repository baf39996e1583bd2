package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --backup-to}: each run also leaves a signed archive of what it synced, full the first
 * time and incremental after, on local disk and on S3 (S3Proxy); the two verify and restore as a chain.
 */
class SyncBackupTest {
  private static final String BUCKET = "sync-backups";
  private static final Pattern ARCHIVE = Pattern.compile("\"backup\" : \\{.*?\"archive\" : \"([^\"]+)\"", Pattern.DOTALL);
  private static final Pattern ARCHIVE_ID = Pattern.compile("\"archive_id\" : \"([0-9a-f]{64})\"");

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    cli = new CliRunner(tmp)
        .s3(s3);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "s3"})
  void backupIsFullFirstThenIncremental_andBothVerifyAndRestoreAsAChain(String where) throws Exception {
    Path source = SampleRepos.rich(tmp.resolve("source"));
    Path target = tmp.resolve("target.git");
    String backupTo = where.equals("s3") ? "s3://" + BUCKET + "/app" : tmp.resolve("backups").toString();

    CliRunner.Run first = sync(source, target, backupTo).expect(0);
    assertTrue(first.out().contains("\"type\" : \"full\""), first.out());
    String firstArchive = archive(first);
    String firstId = id(first);

    SampleRepos.commit(source, "later.txt", "later\n", "a later commit");
    CliRunner.Run second = sync(source, target, backupTo).expect(0);
    assertTrue(second.out().contains("\"type\" : \"incremental\"") && second.out().contains("\"base_id\" : \"" + firstId + "\""),
        second.out());
    String secondArchive = archive(second);
    assertFalse(firstArchive.equals(secondArchive));
    assertFalse(second.all().contains(S3ProxyFixture.SECRET_KEY));

    for (String archive : new String[] {firstArchive, secondArchive}) {
      CliRunner.Run verify = cli.run("verify", archive, "--trust", keys.pub().toString()).expect(0);
      assertFalse(verify.all().contains("not checked"), verify.all());
    }
    Path restored = tmp.resolve("restored.git");
    cli.run("restore", backupTo, "--target", restored.toString(), "--trust", keys.pub().toString(),
        "--workspace", tmp.resolve("ws").toString()).expect(0);
    assertEquals(CGit.refs(target), CGit.refs(restored));
  }

  private CliRunner.Run sync(Path source, Path target, String backupTo) {
    return cli.run("sync", "--source", source.toString(), "--target", "file://" + target, "--backup-to", backupTo,
        "--sign-key", keys.secret().toString(), "--json");
  }

  private static String archive(CliRunner.Run run) {
    Matcher m = ARCHIVE.matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }

  private static String id(CliRunner.Run run) {
    Matcher m = ARCHIVE_ID.matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }
}
