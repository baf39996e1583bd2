package io.airgap.archiver.storage.s3;

import io.airgap.archiver.testing.S3ProxyFixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.storage.ArchiveStoreContract;
import io.airgap.archiver.storage.ArchiveStores;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.storage.ChecksumMode;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The store contract against a real S3 server (S3Proxy on loopback), plus multipart and failure
 * cases.
 */
class S3ArchiveStoreTest extends ArchiveStoreContract {
  private static final String BUCKET = "archives";
  private static final long PART_SIZE = 5L * 1024 * 1024; // S3's minimum
  private static final int LARGE = 12 * 1024 * 1024 + 12_345; // three parts
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private static S3ProxyFixture s3;
  private String prefix;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @Override
  protected ArchiveStore newStore() throws Exception {
    prefix = "team/run" + PREFIXES.incrementAndGet();
    return ArchiveStores.open(
        "s3://" + BUCKET + "/" + prefix, s3.options().partSize(PART_SIZE).build());
  }

  @Test
  void largeFile_isUploadedInSeveralParts_andReadBackVerified() throws Exception {
    byte[] data = TestData.bytes(LARGE, 10);
    Path file = Files.write(tmp.resolve("large"), data);

    StoredObject stored =
        store.put("large.tar.gz", file, TestData.sha256(data), ProgressListener.NONE);

    assertEquals(TestData.sha256(data), stored.sha256());
    String etag = s3.raw().headObject(b -> b.bucket(BUCKET).key(prefix + "/large.tar.gz")).eTag();
    assertTrue(etag.replace("\"", "").endsWith("-3"), "not a 3-part multipart upload: " + etag);
    assertArrayEquals(data, readAll("large.tar.gz"));
  }

  @Test
  void largeStream_withoutChecksum_isStagedThenStoredWithItsChecksum() throws Exception {
    byte[] data = TestData.bytes(LARGE, 11);

    StoredObject stored =
        store.put("stream.tar.gz", new ByteArrayInputStream(data), -1, null, ProgressListener.NONE);

    assertEquals(TestData.sha256(data), stored.sha256());
    assertEquals(TestData.sha256(data), store.stat("stream.tar.gz").orElseThrow().sha256());
    assertEquals(
        List.of(prefix + "/stream.tar.gz"), keysUnder(prefix + "/"), "staging object left behind");
    assertArrayEquals(data, readAll("stream.tar.gz"));
  }

  @Test
  void failedMultipartUpload_leavesNoObjectAndNoUnfinishedUpload() throws Exception {
    byte[] data = TestData.bytes(LARGE, 12);
    for (String expected : new String[] {TestData.sha256(data), null}) {
      InputStream failing = TestData.failingAfter(data, 11 * 1024 * 1024);
      OperationFailedException e =
          assertThrows(
              OperationFailedException.class,
              () ->
                  store.put(
                      "broken.tar.gz", failing, data.length, expected, ProgressListener.NONE));
      assertTrue(e.getMessage().contains("simulated read failure"), e.getMessage());
      assertEquals(List.of(), keysUnder(prefix + "/"));
      assertEquals(List.of(), s3.raw().listMultipartUploads(b -> b.bucket(BUCKET)).uploads());
    }
  }

  @Test
  void interruptedMultipartUpload_leavesNoObjectAndNoUnfinishedUpload() throws Exception {
    byte[] data = TestData.bytes(LARGE, 16);
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream stalling = stallsAfter(data, 6 * 1024 * 1024, halfway, release);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread uploader =
        new Thread(
            () -> {
              try {
                store.put(
                    "stalled.tar.gz",
                    stalling,
                    data.length,
                    TestData.sha256(data),
                    ProgressListener.NONE);
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    uploader.start();
    try {
      assertTrue(halfway.await(20, TimeUnit.SECONDS));
      waitUntil(() -> !s3.raw().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty());
      uploader.interrupt();
      uploader.join(20_000);
    } finally {
      release.countDown();
    }
    assertTrue(outcome.get() instanceof OperationFailedException, String.valueOf(outcome.get()));
    assertTrue(
        outcome.get().getMessage().startsWith("interrupted while uploading"),
        outcome.get().getMessage());
    waitUntil(() -> s3.raw().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty());
    assertEquals(List.of(), keysUnder(prefix + "/"));
  }

  @Test
  void wrongCredentials_failWithClearMessage_withoutSecrets() throws Exception {
    String wrongKey = "AKIAWRONGWRONGWRONG1";
    String wrongSecret = "wrong-secret-that-must-never-show-up-1234";
    try (ArchiveStore wrong =
        ArchiveStores.open(
            "s3://" + BUCKET + "/" + prefix, s3.options(wrongKey, wrongSecret).build())) {
      for (ThrowingCall call :
          List.<ThrowingCall>of(
              wrong::list,
              () -> wrong.stat("x.tar.gz"),
              () ->
                  wrong.put(
                      "x.tar.gz",
                      new ByteArrayInputStream(new byte[10]),
                      10,
                      null,
                      ProgressListener.NONE))) {
        OperationFailedException e = assertThrows(OperationFailedException.class, call::run);
        assertTrue(
            e.getMessage()
                .startsWith(
                    "S3 rejected the credentials for s3://"
                        + BUCKET
                        + "/"
                        + prefix
                        + ": check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile"),
            e.getMessage());
        String everything = stackTrace(e);
        assertFalse(everything.contains(wrongSecret), "secret key in the exception");
        assertFalse(e.getMessage().contains(wrongKey), "access key id in the message");
      }
    }
  }

  @Test
  void download_whoseContentDoesNotMatchItsChecksum_failsAtTheEnd() throws Exception {
    byte[] data = TestData.bytes(100_000, 13);
    // Stored behind the store's back with the checksum of other content: as if altered at rest.
    s3.raw()
        .putObject(
            b ->
                b.bucket(BUCKET)
                    .key(prefix + "/altered.tar.gz")
                    .metadata(Map.of("sha256", TestData.sha256(new byte[] {1}))),
            RequestBody.fromBytes(data));

    ChecksumMismatchException e =
        assertThrows(ChecksumMismatchException.class, () -> readAll("altered.tar.gz"));
    assertTrue(
        e.getMessage().contains("'altered.tar.gz' from s3://" + BUCKET + "/" + prefix),
        e.getMessage());
  }

  @Test
  void objectWithoutChecksum_isReadUnverified() throws Exception {
    byte[] data = TestData.bytes(1000, 14);
    s3.raw()
        .putObject(
            b -> b.bucket(BUCKET).key(prefix + "/foreign.tar.gz"), RequestBody.fromBytes(data));
    assertEquals(null, store.stat("foreign.tar.gz").orElseThrow().sha256());
    assertArrayEquals(data, readAll("foreign.tar.gz"));
  }

  @Test
  void list_showsOnlyObjectsDirectlyUnderThePrefix() throws Exception {
    for (String key : List.of("a.tar.gz", "sub/b.tar.gz", ".hidden")) {
      s3.raw()
          .putObject(
              b -> b.bucket(BUCKET).key(prefix + "/" + key), RequestBody.fromBytes(new byte[] {1}));
    }
    s3.raw()
        .putObject(
            b -> b.bucket(BUCKET).key(prefix + "-other/c.tar.gz"),
            RequestBody.fromBytes(new byte[] {1}));
    assertEquals(List.of("a.tar.gz"), names(store.list()));
  }

  @Test
  void checksumModeWhenSupported_worksWithACurrentServer() throws Exception {
    byte[] data = TestData.bytes(LARGE, 15);
    try (ArchiveStore modern =
        ArchiveStores.open(
            "s3://" + BUCKET + "/" + prefix,
            s3.options().partSize(PART_SIZE).checksumMode(ChecksumMode.WHEN_SUPPORTED).build())) {
      modern.put(
          "m.tar.gz",
          new ByteArrayInputStream(data),
          data.length,
          TestData.sha256(data),
          ProgressListener.NONE);
      try (InputStream in = modern.get("m.tar.gz")) {
        assertArrayEquals(data, in.readAllBytes());
      }
    }
  }

  @Test
  void missingBucket_givesClearMessage() throws Exception {
    try (ArchiveStore missing = ArchiveStores.open("s3://no-such-bucket/x", s3.options().build())) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, missing::list);
      assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
    }
  }

  @Test
  void unreachableEndpoint_givesClearMessage() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    StoreOptions options =
        s3.options()
            .s3Endpoint(java.net.URI.create("http://127.0.0.1:" + closedPort))
            .retries(0)
            .build();
    try (ArchiveStore unreachable = ArchiveStores.open("s3://" + BUCKET + "/x", options)) {
      OperationFailedException e = assertThrows(OperationFailedException.class, unreachable::list);
      assertTrue(
          e.getMessage().startsWith("cannot reach the S3 endpoint http://127.0.0.1:" + closedPort),
          e.getMessage());
    }
  }

  @Test
  void locations_withCredentialsOrBadBuckets_areRefusedWithoutEchoingSecrets() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> ArchiveStores.open("s3://AKIA:topsecret@bucket/x", StoreOptions.defaults()));
    assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    assertThrows(
        InvalidRequestException.class,
        () -> ArchiveStores.open("s3://ab/x", StoreOptions.defaults()));
    assertThrows(
        InvalidRequestException.class,
        () -> ArchiveStores.open("s3://bucket/x", StoreOptions.builder().partSize(1024).build()));
  }

  private List<String> keysUnder(String keyPrefix) {
    return s3.raw().listObjectsV2(b -> b.bucket(BUCKET).prefix(keyPrefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  /** Serves {@code data} up to {@code stallAt}, then blocks until released, then fails. */
  private static InputStream stallsAfter(
      byte[] data, int stallAt, CountDownLatch reached, CountDownLatch release) {
    return new InputStream() {
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= stallAt) {
          reached.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("stream abandoned");
        }
        int n = Math.min(len, stallAt - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(50);
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** A store call, for running the same check over several. */
  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws ArchiverException;
  }
}
