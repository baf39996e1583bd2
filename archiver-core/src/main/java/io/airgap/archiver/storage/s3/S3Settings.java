package io.airgap.archiver.storage.s3;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.storage.StoreOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The S3 client settings resolved from {@link StoreOptions} and its environment map, plus the
 * secret values that must be scrubbed from any message.
 *
 * @param endpoint the endpoint override, or null for AWS
 */
record S3Settings(
    URI endpoint,
    boolean pathStyle,
    Region region,
    AwsCredentialsProvider credentials,
    List<String> secrets) {

  static final String DEFAULT_REGION = "us-east-1";

  static S3Settings from(StoreOptions options) throws InvalidRequestException {
    URI endpoint = endpoint(options);
    boolean pathStyle = options.pathStyle().orElse(endpoint != null);
    String region =
        options
            .region()
            .or(() -> options.envValue("AWS_REGION"))
            .or(() -> options.envValue("AWS_DEFAULT_REGION"))
            .orElse(DEFAULT_REGION);
    List<String> secrets = new ArrayList<>();
    return new S3Settings(
        endpoint,
        pathStyle,
        Region.of(region),
        credentials(options, secrets),
        List.copyOf(secrets));
  }

  private static URI endpoint(StoreOptions options) throws InvalidRequestException {
    if (options.s3Endpoint().isPresent()) {
      return checkEndpoint(options.s3Endpoint().get(), "the S3 endpoint option");
    }
    Optional<String> fromEnv =
        options.envValue("AWS_ENDPOINT_URL_S3").or(() -> options.envValue("AWS_ENDPOINT_URL"));
    if (fromEnv.isEmpty()) {
      return null;
    }
    try {
      return checkEndpoint(new URI(fromEnv.get()), "AWS_ENDPOINT_URL");
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(
          "AWS_ENDPOINT_URL is not a valid URL; expected e.g. https://minio.example:9000", e);
    }
  }

  private static URI checkEndpoint(URI uri, String source) throws InvalidRequestException {
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      throw new InvalidRequestException(
          source
              + " must be an http:// or https:// URL with a host, e.g. https://minio.example:9000");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidRequestException(
          source + " must not contain credentials; use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
    }
    return uri;
  }

  private static AwsCredentialsProvider credentials(StoreOptions options, List<String> secrets)
      throws InvalidRequestException {
    Optional<String> keyId = options.envValue("AWS_ACCESS_KEY_ID");
    Optional<String> secret = options.envValue("AWS_SECRET_ACCESS_KEY");
    if (keyId.isPresent() != secret.isPresent()) {
      throw new InvalidRequestException(
          keyId.isPresent()
              ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to"
                  + " use a profile"
              : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither to"
                  + " use a profile");
    }
    if (keyId.isEmpty()) {
      DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
      options.envValue("AWS_PROFILE").ifPresent(chain::profileName);
      return chain.build();
    }
    secrets.add(keyId.get());
    secrets.add(secret.get());
    Optional<String> token = options.envValue("AWS_SESSION_TOKEN");
    token.ifPresent(secrets::add);
    return StaticCredentialsProvider.create(
        token.isPresent()
            ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
            : AwsBasicCredentials.create(keyId.get(), secret.get()));
  }

  /** Never shows credentials or secrets. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpointDisplay() + ", pathStyle=" + pathStyle + "]";
  }

  /** The endpoint for messages: the override, or AWS with its region. */
  String endpointDisplay() {
    return endpoint != null ? endpoint.toString() : "AWS S3 in " + region.id();
  }

  /** The message with every secret value (key id, secret key, session token) masked. */
  String scrub(String message) {
    if (message == null) {
      return "";
    }
    String result = message;
    for (String secret : secrets) {
      result = result.replace(secret, "****");
    }
    return result;
  }
}
