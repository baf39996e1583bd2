package io.airgap.archiver.cli;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the S3 operations the AWS SDK actually transmits, with their server-side-encryption headers, so a
 * test can prove the headers go out on every write even though S3Proxy ignores them. Registered for the test
 * classpath only, through the SDK's global interceptor file; records only while a test has {@link #start()}ed it.
 */
public final class S3RequestLog implements ExecutionInterceptor {
  /** One transmitted request: operation name, object key path, and its SSE headers (null when absent). */
  record Sent(String operation, String path, String sse, String kmsKeyId) {}

  private static final List<Sent> SENT = new ArrayList<>();
  private static boolean recording;

  static synchronized void start() {
    SENT.clear();
    recording = true;
  }

  static synchronized List<Sent> stop() {
    recording = false;
    return List.copyOf(SENT);
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    synchronized (S3RequestLog.class) {
      if (!recording) {
        return;
      }
      var request = context.httpRequest();
      SENT.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), request.encodedPath(),
          request.firstMatchingHeader("x-amz-server-side-encryption").orElse(null),
          request.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id").orElse(null)));
    }
  }
}
