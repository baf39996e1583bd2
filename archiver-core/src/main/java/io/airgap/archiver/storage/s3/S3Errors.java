package io.airgap.archiver.storage.s3;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.SourceReadException;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.ChecksumMismatchException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Turns SDK failures into messages an operator can act on. Secrets never reach a message: the SDK
 * never sees the secret key in a response, and every message is scrubbed of known secret values.
 */
final class S3Errors {
  private static final Set<String> CREDENTIAL_CODES =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "InvalidToken",
          "ExpiredToken",
          "TokenRefreshRequired",
          "InvalidSecurity",
          "InvalidClientTokenId");

  private final S3Location location;
  private final S3Settings settings;

  S3Errors(S3Location location, S3Settings settings) {
    this.location = location;
    this.settings = settings;
  }

  /**
   * @param action what was being done, e.g. "uploading 'x.tar.gz'"
   */
  ArchiverException translate(Throwable failure, String action) {
    Throwable t = unwrap(failure);
    ChecksumMismatchException mismatch = find(t, ChecksumMismatchException.class);
    if (mismatch != null) {
      return new UntrustedArchiveException(
          settings.scrub(mismatch.getMessage()) + "; nothing was stored in " + location.display(),
          mismatch);
    }
    SourceReadException source = find(t, SourceReadException.class);
    if (source != null) {
      return new OperationFailedException(
          "could not read the content while %s: %s; nothing was stored in %s"
              .formatted(
                  action, settings.scrub(source.getCause().getMessage()), location.display()),
          source.getCause());
    }
    AwsServiceException service = find(t, AwsServiceException.class);
    if (service != null) {
      return serviceFailure(service, action);
    }
    return clientFailure(t, action);
  }

  private ArchiverException serviceFailure(AwsServiceException e, String action) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    int status = e.statusCode();
    String where = location.display();
    if ("NoSuchBucket".equals(code)) {
      return new InvalidRequestException(
          "the S3 bucket '%s' does not exist at %s: create it, or fix the location %s"
              .formatted(location.bucket(), settings.endpointDisplay(), where),
          e);
    }
    if ((code != null && CREDENTIAL_CODES.contains(code)) || (status == 403 && code == null)) {
      return new OperationFailedException(
          ("S3 rejected the credentials for %s: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                  + " or the profile%s")
              .formatted(where, (code == null ? "" : " (" + code + ")")),
          e);
    }
    if ("AccessDenied".equals(code) || status == 403) {
      return new OperationFailedException(
          ("S3 denied access to %s while %s (%s): check"
                  + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile, and that these"
                  + " credentials may use this bucket")
              .formatted(where, action, code),
          e);
    }
    if ("PermanentRedirect".equals(code)
        || "AuthorizationHeaderMalformed".equals(code)
        || status == 301) {
      return new InvalidRequestException(
          "the S3 bucket '%s' is in another region than %s: set AWS_REGION to the bucket's region"
              .formatted(location.bucket(), settings.region().id()),
          e);
    }
    if ("NotImplemented".equals(code)) {
      return new OperationFailedException(
          ("the S3 server at %s does not support a request made while %s (NotImplemented:"
                  + " %s); older S3-compatible stores need the checksum mode WHEN_REQUIRED")
              .formatted(
                  settings.endpointDisplay(),
                  action,
                  settings.scrub(e.awsErrorDetails().errorMessage())),
          e);
    }
    String detail = code == null ? "HTTP " + status : code + ", HTTP " + status;
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return new OperationFailedException(
        "S3 failed while %s in %s (%s)%s"
            .formatted(
                action,
                where,
                detail,
                (message == null || message.isBlank() ? "" : ": " + settings.scrub(message))),
        e);
  }

  private ArchiverException clientFailure(Throwable t, String action) {
    Throwable network = findNetworkCause(t);
    if (network != null) {
      return new OperationFailedException(
          ("cannot reach the S3 endpoint %s while %s (%s): check the endpoint"
                  + " (AWS_ENDPOINT_URL), the network and any proxy")
              .formatted(settings.endpointDisplay(), action, describe(network)),
          t);
    }
    String message = settings.scrub(t.getMessage());
    if (message.contains("Unable to load credentials")) {
      return new InvalidRequestException(
          ("no AWS credentials found for %s: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                  + " or AWS_PROFILE for a profile in ~/.aws/credentials")
              .formatted(location.display()),
          t);
    }
    return new OperationFailedException(
        "S3 request failed while " + action + " in " + location.display() + ": " + message, t);
  }

  private static Throwable findNetworkCause(Throwable t) {
    return Causes.first(t, c -> c instanceof ConnectException
        || c instanceof UnknownHostException
        || c instanceof NoRouteToHostException
        || c instanceof SocketTimeoutException
        || c instanceof UnresolvedAddressException
        || c instanceof SSLException
        // Netty's own connect failures, without a compile-time dependency on Netty.
        || c.getClass().getName().startsWith("io.netty.channel.ConnectTimeoutException")
        || c.getClass().getName().contains("AnnotatedConnectException")
        || (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("connection refused")));
  }

  private String describe(Throwable t) {
    String m = t.getMessage();
    String name = t.getClass().getSimpleName();
    if (t instanceof UnknownHostException) {
      return "unknown host " + m;
    }
    return m == null ? name : settings.scrub(m);
  }

  static Throwable unwrap(Throwable t) {
    Throwable result = t;
    while ((result instanceof CompletionException || result instanceof ExecutionException)
        && result.getCause() != null) {
      result = result.getCause();
    }
    return result;
  }

  /** The first {@code type} among the failure, its causes and its suppressed exceptions (the SDK's earlier attempts). */
  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    return Causes.findWithSuppressed(t, type);
  }

  /** The HTTP status of an S3 error response in the failure, or null. */
  static Integer statusOf(Throwable failure) {
    AwsServiceException e = find(unwrap(failure), AwsServiceException.class);
    return e == null ? null : e.statusCode();
  }

  /** Whether the failure is S3's "no such key" (also the bodiless 404 of a HEAD). */
  static boolean isNotFound(Throwable failure) {
    AwsServiceException e = find(unwrap(failure), AwsServiceException.class);
    if (e == null) {
      return false;
    }
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return "NoSuchKey".equals(code)
        || (e.statusCode() == 404
            && !"NoSuchBucket".equals(code)
            && (code == null || "NotFound".equals(code) || "404".equals(code)));
  }
}
