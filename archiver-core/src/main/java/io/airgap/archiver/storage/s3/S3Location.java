package io.airgap.archiver.storage.s3;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A bucket and a key prefix parsed from {@code s3://bucket/prefix}.
 *
 * @param prefix empty, or the key prefix ending in '/'
 */
record S3Location(String bucket, String prefix) {
  private static final String SCHEME = "s3://";
  // S3's rules for new buckets, plus the upper case and '_' of legacy and S3-compatible buckets.
  private static final Pattern BUCKET =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]");
  private static final String STAGING_FOLDER = ".airgap-upload/";

  static S3Location parse(String location) throws InvalidRequestException {
    if (location == null || !location.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new InvalidRequestException("an S3 location must look like s3://bucket/prefix");
    }
    String rest = location.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.contains("@") || bucket.contains(":")) {
      // Not echoed: whatever precedes '@' is probably a secret.
      throw new InvalidRequestException(
          "an S3 location must not contain credentials or a port: use s3://bucket/prefix and put"
              + " credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile, the endpoint"
              + " in AWS_ENDPOINT_URL");
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw new InvalidRequestException(
          ("invalid S3 bucket name '%s' in %s: bucket names have at least 3 characters:"
                  + " lower-case letters, digits, '.' and '-'")
              .formatted(bucket, location));
    }
    String prefix = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
    for (String segment : prefix.split("/", -1)) {
      if (!prefix.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
        throw new InvalidRequestException(
            "invalid S3 prefix in " + location + ": no empty, '.' or '..' path segments");
      }
    }
    return new S3Location(bucket, prefix.isEmpty() ? "" : prefix + "/");
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  /** The key of a (valid) object name. */
  String key(String name) {
    return prefix + name;
  }

  /**
   * A unique key for content whose SHA-256 is not known yet. It sits in a hidden sub-folder, so
   * {@code list()} (which only looks one level deep) never shows it.
   */
  String stagingKey(String name, String unique) {
    return prefix + STAGING_FOLDER + name + "." + unique;
  }

  /** {@code s3://bucket/prefix} for messages. */
  String display() {
    return SCHEME
        + bucket
        + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }
}
