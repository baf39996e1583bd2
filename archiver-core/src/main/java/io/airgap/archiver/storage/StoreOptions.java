package io.airgap.archiver.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How stores are opened: S3 endpoint, region and checksum behaviour, part size, retries, server-side
 * encryption, and the
 * environment to read defaults and credentials from. Immutable; build with {@link #builder()}.
 *
 * <p>Unset S3 settings fall back to the environment map as the AWS tools do: endpoint from {@code
 * AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, region from {@code AWS_REGION} or {@code
 * AWS_DEFAULT_REGION} (else us-east-1), credentials from {@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY} or else the SDK's default chain. Tests pass their own map, so nothing
 * needs to be set in the process environment.
 */
public final class StoreOptions {
  /** 16 MiB: few enough parts for large archives, small enough to retry cheaply. */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  public static final int DEFAULT_RETRIES = 3;

  private final URI s3Endpoint;
  private final Boolean pathStyle;
  private final String region;
  private final ChecksumMode checksumMode;
  private final long partSize;
  private final int retries;
  private final ServerSideEncryption serverSideEncryption;
  private final Map<String, String> env;

  private StoreOptions(Builder b) {
    this.s3Endpoint = b.s3Endpoint;
    this.pathStyle = b.pathStyle;
    this.region = b.region;
    this.checksumMode = b.checksumMode;
    this.partSize = b.partSize;
    this.retries = b.retries;
    this.serverSideEncryption = b.serverSideEncryption;
    this.env = b.env == null ? System.getenv() : Map.copyOf(b.env);
  }

  /** Options with every default. */
  public static StoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The explicitly set S3 endpoint; the environment's is read by the S3 backend when empty. */
  public Optional<URI> s3Endpoint() {
    return Optional.ofNullable(s3Endpoint);
  }

  /** Path-style addressing if set; when empty it is on exactly when an endpoint is configured. */
  public Optional<Boolean> pathStyle() {
    return Optional.ofNullable(pathStyle);
  }

  /** The explicitly set region; when empty the environment's, else us-east-1. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public ChecksumMode checksumMode() {
    return checksumMode;
  }

  /** Upload part size and the size from which uploads are split into parts. */
  public long partSize() {
    return partSize;
  }

  /** How often a failed request, or a download that broke off, is retried. */
  public int retries() {
    return retries;
  }

  /** Server-side encryption requested for every object written; {@link ServerSideEncryption#NONE} by default. */
  public ServerSideEncryption serverSideEncryption() {
    return serverSideEncryption;
  }

  /** The environment that defaults and credentials are read from (unmodifiable). */
  public Map<String, String> env() {
    return env;
  }

  /** A value from {@link #env()} that is set and not blank. */
  public Optional<String> envValue(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.s3Endpoint = s3Endpoint;
    b.pathStyle = pathStyle;
    b.region = region;
    b.checksumMode = checksumMode;
    b.partSize = partSize;
    b.retries = retries;
    b.serverSideEncryption = serverSideEncryption;
    b.env = env;
    return b;
  }

  /** Builds {@link StoreOptions}; every setting is optional. */
  public static final class Builder {
    private URI s3Endpoint;
    private Boolean pathStyle;
    private String region;
    private ChecksumMode checksumMode = ChecksumMode.WHEN_REQUIRED;
    private long partSize = DEFAULT_PART_SIZE;
    private int retries = DEFAULT_RETRIES;
    private ServerSideEncryption serverSideEncryption = ServerSideEncryption.NONE;
    private Map<String, String> env;

    private Builder() {}

    public Builder s3Endpoint(URI endpoint) {
      this.s3Endpoint = endpoint;
      return this;
    }

    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    public Builder region(String region) {
      this.region = region == null || region.isBlank() ? null : region.trim();
      return this;
    }

    public Builder checksumMode(ChecksumMode mode) {
      this.checksumMode = Objects.requireNonNull(mode, "checksumMode");
      return this;
    }

    /** S3 needs at least 5 MiB; the S3 backend refuses smaller values when it opens. */
    public Builder partSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("partSize must be positive: " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative: " + retries);
      }
      this.retries = retries;
      return this;
    }

    public Builder serverSideEncryption(ServerSideEncryption sse) {
      this.serverSideEncryption = Objects.requireNonNull(sse, "serverSideEncryption");
      return this;
    }

    /** The environment to read; {@code System.getenv()} when not set. */
    public Builder env(Map<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    public StoreOptions build() {
      return new StoreOptions(this);
    }
  }
}
