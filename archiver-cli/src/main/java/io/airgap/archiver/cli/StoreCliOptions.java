package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.storage.ChecksumMode;
import io.airgap.archiver.storage.ServerSideEncryption;
import io.airgap.archiver.storage.StoreOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to reach S3 and S3-compatible stores; credentials come only from the AWS default chain. */
final class StoreCliOptions {
  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint (MinIO, Ceph, ...). Default: $AWS_ENDPOINT_URL, else AWS.")
  String endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "The S3 region. Default: $AWS_REGION, else us-east-1.")
  String region;

  @Option(names = "--s3-virtual-hosted", description = "Use virtual-hosted-style bucket addressing (default: path-style when an endpoint is set).")
  boolean virtualHosted;

  @Option(names = "--s3-checksums", paramLabel = "MODE", description = "Request checksums: when-required (default; works with older S3-compatible stores) or when-supported (AWS's newer default).")
  String checksums;

  @Option(names = "--s3-sse", paramLabel = "AES256|aws:kms", description = "Server-side encryption for every object written to S3 (SSE-S3 or SSE-KMS).")
  String sse;

  @Option(names = "--s3-kms-key-id", paramLabel = "KEY-ID", description = "KMS key for --s3-sse aws:kms (default: the account's aws/s3 key).")
  String kmsKeyId;

  @Option(names = "--s3-part-size", paramLabel = "SIZE", description = "Multipart upload part size, e.g. 16M (minimum 5M).")
  String partSize;

  StoreOptions toOptions(Map<String, String> env) throws InvalidRequestException {
    StoreOptions.Builder b = StoreOptions.builder().env(env);
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        b.s3Endpoint(URI.create(endpoint));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("--s3-endpoint is not a URL: " + endpoint);
      }
    }
    if (region != null) {
      b.region(region);
    }
    if (virtualHosted) {
      b.pathStyle(false);
    }
    if (checksums != null) {
      try {
        b.checksumMode(ChecksumMode.valueOf(checksums.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("--s3-checksums must be when-required or when-supported, not '" + checksums + "'");
      }
    }
    b.serverSideEncryption(ServerSideEncryption.parse(sse, kmsKeyId));
    if (partSize != null) {
      b.partSize(ByteSize.parse(partSize));
    }
    return b.build();
  }
}
