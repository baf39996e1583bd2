package io.airgap.archiver.testing;

import io.airgap.archiver.storage.StoreOptions;
import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (S3Proxy, in memory) on 127.0.0.1 and a random port, with fixed test
 * credentials.
 */
public final class S3ProxyFixture implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIATESTFIXTURE00001";
  public static final String SECRET_KEY = "fixture-secret-key-do-not-print-0123456789";

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final URI endpoint;
  private final S3Client raw;

  private S3ProxyFixture(S3Proxy proxy, BlobStore blobStore) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.raw =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  public static S3ProxyFixture start() throws Exception {
    BlobStore blobStore = new TransientNio2BlobStore();
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    return new S3ProxyFixture(proxy, blobStore);
  }

  public void createBucket(String bucket) {
    blobStore.createContainer(bucket);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A plain SDK client for looking behind the store's back. */
  public S3Client raw() {
    return raw;
  }

  /** Options that reach this server with the given credentials, not the process environment's. */
  public StoreOptions.Builder options(String accessKey, String secretKey) {
    return StoreOptions.builder()
        .s3Endpoint(endpoint)
        .retries(1)
        .env(Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey));
  }

  public StoreOptions.Builder options() {
    return options(ACCESS_KEY, SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    raw.close();
    proxy.stop();
  }
}
