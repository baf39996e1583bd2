package io.airgap.archiver.storage.s3;

import io.airgap.archiver.progress.ProgressListener;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes the SDK's own retries visible: each request attempt after the first is reported as a
 * warning ("retry 1/3: S3 UploadPart of 'x' after HTTP 503"), on the console and in the log, like
 * the tool's other retries. The SDK retries silently otherwise.
 */
final class RetryReporter implements ExecutionInterceptor {
  private static final ExecutionAttribute<Integer> ATTEMPTS = new ExecutionAttribute<>("archiver.attempts");
  private static final ExecutionAttribute<String> LAST_OUTCOME = new ExecutionAttribute<>("archiver.lastOutcome");

  private final int retries;
  private volatile ProgressListener listener = ProgressListener.NONE;

  RetryReporter(int retries) {
    this.retries = retries;
  }

  /** Where reports go while the store serves one caller's operation. */
  void reportTo(ProgressListener progress) {
    this.listener = progress == null ? ProgressListener.NONE : progress;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    int attempt = attributes.getAttribute(ATTEMPTS) == null ? 1 : attributes.getAttribute(ATTEMPTS) + 1;
    attributes.putAttribute(ATTEMPTS, attempt);
    if (attempt > 1) {
      String last = attributes.getAttribute(LAST_OUTCOME);
      listener.warn("retry " + (attempt - 1) + "/" + retries + ": S3 " + operation(attributes) + " of "
          + context.httpRequest().encodedPath() + " after " + (last == null ? "a broken connection" : last));
    }
    attributes.putAttribute(LAST_OUTCOME, null);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    int status = context.httpResponse().statusCode();
    if (status >= 300) {
      attributes.putAttribute(LAST_OUTCOME, "HTTP " + status);
    }
  }

  private static String operation(ExecutionAttributes attributes) {
    String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    return name == null ? "request" : name;
  }
}
