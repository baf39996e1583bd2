package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.RequestFaultProxy;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * S3 uploads whose requests fail mid-multipart (S3Proxy behind a loopback proxy that cuts the
 * client's part body, or answers 503 SlowDown): retried, completed, the stored object's SHA-256
 * checked by reading it back, and the retry said on the console and in the log.
 */
class S3UploadFaultsTest {
  private static final String ARCHIVE = "src-full-20260101T000000Z.tar.gz";

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket("transfer");
    cli = new CliRunner(tmp)
        .env("AWS_ACCESS_KEY_ID", S3ProxyFixture.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyFixture.SECRET_KEY);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    CrashPoints.addLargeFile(src, 20 << 20);
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  private void uploadThrough(RequestFaultProxy proxy) throws Exception {
    cli.env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", "s3://transfer/nightly",
        "--s3-part-size", "5M", "--sign-key", keys.secret().toString(), "--timestamp", "2026-01-01T00:00:00Z",
        "--no-deps").expect(0);
    assertEquals(1, proxy.faulted().size(), "one part request faulted: " + proxy.faulted());
    assertTrue(run.err().contains("retry 1/3: S3 UploadPart of /transfer/nightly/" + ARCHIVE), run.err());
    assertTrue(logs().contains("retry 1/3: S3 UploadPart"), "the retry is in the log too");

    String key = "nightly/" + ARCHIVE;
    ResponseBytes<GetObjectResponse> stored = s3.raw().getObjectAsBytes(r -> r.bucket("transfer").key(key));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored.asByteArray()));
    assertEquals(stored.response().metadata().get("sha256"), sha256, "the stored bytes have the SHA-256 recorded");
    cli.run("verify", "s3://transfer/" + key, "--trust", keys.pub().toString()).expect(0);
  }

  private String logs() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(tmp.resolve("logs"))) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  @Test
  void partBodyCutMidUpload_isRetried_andTheStoredObjectMatchesItsSha256() throws Exception {
    try (RequestFaultProxy proxy = RequestFaultProxy.start(s3.endpoint().getPort(),
        line -> line.startsWith("PUT ") && line.contains("partNumber=2"), RequestFaultProxy.Fault.CUT_BODY, 1,
        1 << 20)) {
      uploadThrough(proxy);
      assertTrue(proxy.faulted().get(0).startsWith("CUT_BODY PUT"), proxy.faulted().toString());
    }
  }

  @Test
  void slowDownMidMultipart_isRetried_andTheStoredObjectMatchesItsSha256() throws Exception {
    try (RequestFaultProxy proxy = RequestFaultProxy.start(s3.endpoint().getPort(),
        line -> line.startsWith("PUT ") && line.contains("partNumber=3"), RequestFaultProxy.Fault.SLOW_DOWN, 1, 0)) {
      uploadThrough(proxy);
      assertTrue(proxy.faulted().get(0).startsWith("SLOW_DOWN PUT"), proxy.faulted().toString());
    }
  }

  @Test
  void uploadThroughTheProxyWithoutAFault_retriesNothing_soTheRetriesAboveAreTheFaults() throws Exception {
    try (RequestFaultProxy proxy = RequestFaultProxy.start(s3.endpoint().getPort(),
        line -> line.contains("no-such-request"), RequestFaultProxy.Fault.CUT_BODY, 1, 0)) {
      cli.env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
      CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", "s3://transfer/clean",
          "--s3-part-size", "5M", "--no-deps").expect(0);
      assertEquals(List.of(), proxy.faulted());
      assertTrue(!run.err().contains("retry "), run.err());
    }
  }
}
