package io.airgap.archiver.storage.s3;

import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.storage.ChecksumMode;
import io.airgap.archiver.storage.ObjectNames;
import io.airgap.archiver.storage.ObjectNotFoundException;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Keeps archives as objects under an S3 bucket and prefix (AWS or S3-compatible), with their
 * SHA-256 in the {@code x-amz-meta-sha256} metadata. Uploads go through the SDK's Java multipart
 * client (no native CRT); downloads verify that SHA-256 and resume with ranged GETs when a
 * connection drops.
 */
public final class S3ArchiveStore implements ArchiveStore {
  /** User metadata key of the SHA-256 (sent as {@code x-amz-meta-sha256}). */
  static final String SHA256_METADATA = "sha256";

  // S3's bounds for a part: 5 MiB minimum (except the last part), 5 GiB maximum.
  private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // Enough for the multipart client's parallel parts; S3 itself allows far more.
  private static final int MAX_CONNECTIONS = 16;

  private final S3Location location;
  private final S3Errors errors;
  private final SdkEventLoopGroup eventLoop;
  private final S3AsyncClient s3;
  private final S3TransferManager transfers;
  private final ExecutorService streamReaders;
  private final S3Uploader uploader;
  private final int retries;
  private final RetryReporter retryReporter;

  private S3ArchiveStore(S3Location location, S3Settings settings, StoreOptions options) {
    this.location = location;
    this.errors = new S3Errors(location, settings);
    this.retries = options.retries();
    // Our own event loop: the SDK's shared one makes close() wait out a 2-second quiet period.
    this.eventLoop = SdkEventLoopGroup.builder().build();
    this.retryReporter = new RetryReporter(options.retries());
    this.s3 = client(settings, options, eventLoop, retryReporter);
    this.transfers = S3TransferManager.builder().s3Client(s3).build();
    // Threads that feed caller streams to the SDK; daemons so a forgotten close() cannot hang exit.
    this.streamReaders =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "s3-upload-reader");
              t.setDaemon(true);
              return t;
            });
    this.uploader = new S3Uploader(location, s3, transfers, streamReaders, errors,
        options.serverSideEncryption());
  }

  /** Opens {@code s3://bucket/prefix}; contacts nothing yet. */
  public static S3ArchiveStore open(String location, StoreOptions options)
      throws InvalidRequestException {
    S3Location parsed = S3Location.parse(location);
    if (options.partSize() < MIN_PART_SIZE || options.partSize() > MAX_PART_SIZE) {
      throw new InvalidRequestException(
          "the S3 part size %s is out of S3's range: use 5 MiB to 5 GiB"
              .formatted(ByteSize.format(options.partSize())));
    }
    return new S3ArchiveStore(parsed, S3Settings.from(options), options);
  }

  private static S3AsyncClient client(
      S3Settings settings, StoreOptions options, SdkEventLoopGroup eventLoop, RetryReporter retryReporter) {
    boolean always = options.checksumMode() == ChecksumMode.WHEN_SUPPORTED;
    S3AsyncClientBuilder builder =
        S3AsyncClient.builder()
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(eventLoop)
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .maxConcurrency(MAX_CONNECTIONS))
            .region(settings.region())
            .credentialsProvider(settings.credentials())
            .forcePathStyle(settings.pathStyle())
            .requestChecksumCalculation(
                always
                    ? RequestChecksumCalculation.WHEN_SUPPORTED
                    : RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                always
                    ? ResponseChecksumValidation.WHEN_SUPPORTED
                    : ResponseChecksumValidation.WHEN_REQUIRED)
            .multipartEnabled(true)
            .multipartConfiguration(
                m ->
                    m.thresholdInBytes(options.partSize())
                        .minimumPartSizeInBytes(options.partSize()))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(r -> r.maxAttempts(options.retries() + 1))
                        .addExecutionInterceptor(new CompatibilityInterceptor())
                        .addExecutionInterceptor(retryReporter));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  @Override
  public String location() {
    return location.display();
  }

  @Override
  public StoredObject put(
      String name, InputStream content, long size, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    ObjectNames.requirePlainName(name);
    retryReporter.reportTo(progress);
    try {
      return uploader.putStream(
          name, content, size, Sha256.normalizeExpected(expectedSha256), progress);
    } finally {
      retryReporter.reportTo(ProgressListener.NONE);
    }
  }

  @Override
  public StoredObject put(String name, Path file, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    ObjectNames.requirePlainName(name);
    retryReporter.reportTo(progress);
    try {
      return uploader.putFile(name, file, Sha256.normalizeExpected(expectedSha256), progress);
    } finally {
      retryReporter.reportTo(ProgressListener.NONE);
    }
  }

  @Override
  public InputStream get(String name) throws ArchiverException {
    ObjectNames.requirePlainName(name);
    HeadObjectResponse head =
        uploader
            .head(location.key(name))
            .orElseThrow(() -> new ObjectNotFoundException(name, location()));
    StoredObject object = S3Uploader.toStoredObject(name, head);
    String etag = head.eTag();
    String what = "'" + name + "' from " + location();
    InputStream raw =
        object.size() == 0
            ? InputStream.nullInputStream()
            : new ResumingInputStream(
                offset -> openRange(name, offset, etag), object.size(), retries, what);
    // Objects stored by other tools may lack the SHA-256; they are passed through unverified.
    return object.sha256() == null
        ? raw
        : new VerifyingInputStream(raw, object.size(), object.sha256(), what);
  }

  private InputStream openRange(String name, long offset, String etag) throws IOException {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.key(name))
            // Always a range: the multipart client then makes one plain GET instead of per-part
            // GETs.
            .range("bytes=" + offset + "-");
    if (etag != null) {
      request.ifMatch(etag); // a resumed read must continue the same object, not a replacement
    }
    CompletableFuture<? extends InputStream> response =
        s3.getObject(request.build(), AsyncResponseTransformer.toBlockingInputStream());
    try {
      return response.get();
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while opening " + name);
    } catch (ExecutionException e) {
      Integer status = S3Errors.statusOf(e);
      if (status != null && (status == 412 || status == 404)) {
        throw new ResumingInputStream.PermanentFailure(
            "'" + name + "' in " + location() + " was replaced or deleted while it was being read",
            e);
      }
      ArchiverException translated = errors.translate(e, "reading '" + name + "'");
      throw new IOException(translated.getMessage(), translated);
    }
  }

  @Override
  public Optional<StoredObject> stat(String name) throws ArchiverException {
    ObjectNames.requirePlainName(name);
    return uploader.head(location.key(name)).map(head -> S3Uploader.toStoredObject(name, head));
  }

  @Override
  public List<StoredObject> list() throws ArchiverException {
    List<StoredObject> result = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder()
              .bucket(location.bucket())
              .prefix(location.prefix())
              .delimiter("/") // only objects directly under the prefix
              .continuationToken(token)
              .build();
      ListObjectsV2Response page =
          uploader.await(s3.listObjectsV2(request), "listing " + location());
      for (S3Object object : page.contents()) {
        String name = object.key().substring(location.prefix().length());
        if (!name.isEmpty() && !name.startsWith(".")) {
          result.add(new StoredObject(name, object.size(), null, object.lastModified()));
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    result.sort(Comparator.comparing(StoredObject::name));
    return result;
  }

  @Override
  public void delete(String name) throws ArchiverException {
    ObjectNames.requirePlainName(name);
    uploader.await(
        s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key(name))),
        "deleting '" + name + "'");
  }

  @Override
  public void close() {
    transfers.close();
    s3.close();
    streamReaders.shutdownNow();
    // A short quiet period lets the closing connections finish their last tasks; close() does not
    // wait.
    eventLoop.eventLoopGroup().shutdownGracefully(200, 5_000, TimeUnit.MILLISECONDS);
  }
}
