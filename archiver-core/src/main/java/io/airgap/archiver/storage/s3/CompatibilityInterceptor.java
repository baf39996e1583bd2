package io.airgap.archiver.storage.s3;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;

/**
 * Leaves out the optional {@code x-amz-mp-object-size} header that the SDK's multipart client adds
 * when completing an upload: S3-compatible servers that refuse unknown headers (S3Proxy by default)
 * fail the whole upload with NotImplemented. It only lets S3 double-check the size, which the store
 * checks itself with a HEAD after every upload.
 */
final class CompatibilityInterceptor implements ExecutionInterceptor {
  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (context.request() instanceof CompleteMultipartUploadRequest complete
        && complete.mpuObjectSize() != null) {
      return complete.toBuilder().mpuObjectSize(null).build();
    }
    return context.request();
  }
}
