package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Approvals for an archive kept in S3 (S3Proxy on loopback): approve writes the approval locally (--out), and
 * {@code restore s3://… --require-approval} finds it only once it lies under the archive's own prefix.
 */
class ApprovalS3Test {
  private static final String BUCKET = "custody";

  @TempDir Path tmp;
  private S3ProxyFixture s3;

  @AfterEach
  void tearDown() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void approvalUnderTheSamePrefix_isRequiredAndFound_byRestoreStraightFromS3() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    CliRunner cli = new CliRunner(tmp)
        .s3(s3);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    Fixtures.Keys officer = Fixtures.Keys.generate(cli, tmp.resolve("officer"));
    Path src = SampleRepos.rich(tmp.resolve("src"));
    String prefix = "s3://" + BUCKET + "/nightly";
    CliRunner.Run created = cli.run("create", "--source", src.toString(), "--output", prefix, "--sign-key",
        keys.secret().toString(), "--no-deps", "--json").expect(0);
    String location = Json.mapper().readTree(created.out()).path("archive").asText();
    String name = location.substring(location.lastIndexOf('/') + 1);
    assertTrue(location.startsWith(prefix + "/"), created.out());

    Path out = tmp.resolve("approvals");
    Files.createDirectories(out);
    cli.run("approve", location, "--trust", keys.pub().toString(), "--sign-key", officer.secret().toString(),
        "--out", out.toString()).expect(0);
    Path approval = out.resolve(name + ".approval.asc");
    String text = Files.readString(approval);
    byte[] stored = s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("nightly/" + name).build())
        .asByteArray();
    assertTrue(text.contains("\"archive_sha256\" : \"" + Sha256.of(stored) + "\""), text);

    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    String[] restore = {"restore", location, "--target", target.toString(), "--trust", keys.pub().toString(),
        "--require-approval", officer.pub().toString(), "--workspace", tmp.resolve("ws").toString()};
    CliRunner.Run missing = cli.run(restore).expect(3);
    assertTrue(missing.err().contains("approval missing") && missing.err().contains(prefix), missing.err());
    assertEquals("", git(target, "for-each-ref"));

    s3.raw().putObject(PutObjectRequest.builder().bucket(BUCKET).key("nightly/" + name + ".approval.asc").build(),
        RequestBody.fromFile(approval));
    JsonNode inspect = Json.mapper().readTree(cli.run("inspect", location, "--json", "--require-approval",
        officer.pub().toString()).expect(0).out());
    assertEquals("valid", inspect.path("approvals").get(0).path("status").asText(), inspect.toString());
    cli.run(restore).expect(0);
    assertEquals(git(src, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags", "refs/notes"),
        git(target, "for-each-ref", "--format=%(objectname) %(refname)"));
  }
}
