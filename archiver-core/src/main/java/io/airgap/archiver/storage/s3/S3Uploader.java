package io.airgap.archiver.storage.s3;

import io.airgap.archiver.internal.SourceReadException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.ServerSideEncryption;
import io.airgap.archiver.storage.StoredObject;
import io.airgap.archiver.storage.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CopyRequest;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.model.UploadRequest;

/**
 * Uploads so that an object appears only complete and with its SHA-256 in the metadata, and a
 * failed upload leaves neither an object nor an unfinished multipart upload behind.
 *
 * <p>S3 takes metadata when an upload starts. With the SHA-256 known up front the content goes
 * straight to its key and is verified while streaming (a mismatch fails the upload before it
 * completes). Without it, the content goes to a hidden staging key first and is then copied to its
 * key server-side with the SHA-256 computed on the way.
 */
final class S3Uploader {
  private final S3Location location;
  private final S3AsyncClient s3;
  private final S3TransferManager transfers;
  private final ExecutorService streamReaders;
  private final S3Errors errors;
  private final ServerSideEncryption sse;

  S3Uploader(
      S3Location location,
      S3AsyncClient s3,
      S3TransferManager transfers,
      ExecutorService streamReaders,
      S3Errors errors,
      ServerSideEncryption sse) {
    this.sse = sse;
    this.location = location;
    this.s3 = s3;
    this.transfers = transfers;
    this.streamReaders = streamReaders;
    this.errors = errors;
  }

  StoredObject putStream(
      String name, InputStream content, long size, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    VerifyingInputStream verifying =
        new VerifyingInputStream(content, size, expectedSha256, "content for '" + name + "'");
    SourceReadException.Marking body = SourceReadException.marking(verifying, true);
    String key = location.key(name);
    if (expectedSha256 != null) {
      upload(
          key, body, size, Map.of(S3ArchiveStore.SHA256_METADATA, expectedSha256), name, progress);
      return verifyStored(name, verifying.count(), expectedSha256);
    }
    String staging = location.stagingKey(name, UUID.randomUUID().toString());
    try {
      upload(staging, body, size, Map.of(), name, progress);
      String sha256 = verifying.sha256();
      if (sha256 == null) {
        throw new OperationFailedException(
            "the upload of '"
                + name
                + "' ended before all of its content was read; nothing was stored");
      }
      copy(staging, key, sha256, name);
      return verifyStored(name, verifying.count(), sha256);
    } finally {
      deleteQuietly(staging);
    }
  }

  StoredObject putFile(String name, Path file, String expectedSha256, ProgressListener progress)
      throws ArchiverException {
    BasicFileAttributes before = attributes(file);
    String sha256;
    try {
      // Hashed first because S3 takes the metadata before the upload starts; the parts are then
      // read straight from the file, in parallel.
      sha256 = Sha256.of(file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
      throw new UntrustedArchiveException(
          "%s has SHA-256 %s but %s was expected; nothing was uploaded to %s"
              .formatted(file, sha256, expectedSha256, location.display()));
    }
    String key = location.key(name);
    UploadFileRequest request =
        UploadFileRequest.builder()
            .putObjectRequest(
                p ->
                    encrypted(p.bucket(location.bucket())
                        .key(key)
                        .metadata(Map.of(S3ArchiveStore.SHA256_METADATA, sha256))))
            .source(file)
            .addTransferListener(new TransferProgress("upload " + name, progress))
            .build();
    awaitUpload(transfers.uploadFile(request).completionFuture(), key, "uploading '" + name + "'");
    BasicFileAttributes after = attributes(file);
    if (after.size() != before.size()
        || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
      deleteQuietly(key);
      throw new OperationFailedException(
          file + " changed while it was being uploaded; the upload was removed, try again");
    }
    return verifyStored(name, before.size(), sha256);
  }

  private void upload(
      String key,
      SourceReadException.Marking body,
      long size,
      Map<String, String> metadata,
      String name,
      ProgressListener progress)
      throws ArchiverException {
    UploadRequest request =
        UploadRequest.builder()
            .putObjectRequest(p -> encrypted(p.bucket(location.bucket()).key(key).metadata(metadata)))
            .requestBody(
                AsyncRequestBody.fromInputStream(
                    c ->
                        c.inputStream(body)
                            .contentLength(size >= 0 ? size : null)
                            .executor(streamReaders)))
            .addTransferListener(new TransferProgress("upload " + name, progress))
            .build();
    try {
      awaitUpload(transfers.upload(request).completionFuture(), key, "uploading '" + name + "'");
    } catch (ArchiverException e) {
      // The content's own failure is the real reason, whatever the SDK made of it.
      throw body.failure() == null
          ? e
          : errors.translate(body.failure(), "uploading '" + name + "'");
    }
  }

  private void copy(String sourceKey, String key, String sha256, String name)
      throws ArchiverException {
    CopyObjectRequest.Builder copy =
        CopyObjectRequest.builder()
            .sourceBucket(location.bucket())
            .sourceKey(sourceKey)
            .destinationBucket(location.bucket())
            .destinationKey(key)
            .metadataDirective(MetadataDirective.REPLACE)
            .metadata(Map.of(S3ArchiveStore.SHA256_METADATA, sha256));
    if (sse.enabled()) {
      // A copy is a new write: without the header it would not be encrypted as asked.
      copy.serverSideEncryption(sse.algorithm()).ssekmsKeyId(sse.kmsKeyId());
    }
    CopyObjectRequest request = copy.build();
    awaitUpload(
        transfers.copy(CopyRequest.builder().copyObjectRequest(request).build()).completionFuture(),
        key,
        "storing '" + name + "'");
  }

  /**
   * Asks for server-side encryption on a PutObject; the SDK's multipart client carries it into
   * CreateMultipartUpload, which governs every part (S3 refuses SSE-S3/KMS headers on UploadPart).
   */
  private PutObjectRequest.Builder encrypted(PutObjectRequest.Builder put) {
    return sse.enabled() ? put.serverSideEncryption(sse.algorithm()).ssekmsKeyId(sse.kmsKeyId()) : put;
  }

  /** Checks what S3 now holds under the name; removes it if it is not what was sent. */
  private StoredObject verifyStored(String name, long size, String sha256)
      throws ArchiverException {
    String key = location.key(name);
    HeadObjectResponse head =
        head(key)
            .orElseThrow(
                () ->
                    new OperationFailedException(
                        ("'%s' is missing from %s right after its upload; the store may be"
                                + " eventually consistent, try again")
                            .formatted(name, location.display())));
    StoredObject stored = toStoredObject(name, head);
    if (stored.size() != size || !sha256.equals(stored.sha256())) {
      deleteQuietly(key);
      throw new UntrustedArchiveException(
          ("%s stored '%s' with %s bytes and SHA-256 %s instead of %s bytes and %s; the"
                  + " object was removed")
              .formatted(location.display(), name, stored.size(), stored.sha256(), size, sha256));
    }
    return stored;
  }

  Optional<HeadObjectResponse> head(String key) throws ArchiverException {
    CompletableFuture<HeadObjectResponse> response =
        s3.headObject(b -> b.bucket(location.bucket()).key(key));
    try {
      return Optional.of(response.get());
    } catch (ExecutionException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw errors.translate(e, "reading " + location.display());
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while reading " + location.display(), e);
    }
  }

  static StoredObject toStoredObject(String name, HeadObjectResponse head) {
    String sha256 = head.metadata().get(S3ArchiveStore.SHA256_METADATA);
    return new StoredObject(
        name, head.contentLength(), Sha256.isHex(sha256) ? sha256 : null, head.lastModified());
  }

  /** Waits for a request; translates its failure. */
  <T> T await(CompletableFuture<T> future, String action) throws ArchiverException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw errors.translate(e, action);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while " + action, e);
    }
  }

  /** Waits for an upload; on failure or interruption makes sure no part of it stays behind. */
  private <T> T awaitUpload(CompletableFuture<T> future, String key, String action)
      throws ArchiverException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      abortUnfinished(key);
      throw errors.translate(e, action);
    } catch (InterruptedException e) {
      future.cancel(true);
      abortUnfinished(key);
      Thread.currentThread().interrupt();
      throw new OperationFailedException(
          "interrupted while " + action + "; the partial upload was removed", e);
    }
  }

  /**
   * Aborts multipart uploads still open for exactly this key. The SDK aborts its own on failure;
   * this catches one whose abort raced with a part still in flight, or a cancelled upload, since S3
   * keeps (and bills) unfinished parts forever.
   */
  private void abortUnfinished(String key) {
    try {
      ListMultipartUploadsResponse uploads =
          s3.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(key)).get();
      for (MultipartUpload upload : uploads.uploads()) {
        if (upload.key().equals(key)) {
          s3.abortMultipartUpload(
                  b -> b.bucket(location.bucket()).key(key).uploadId(upload.uploadId()))
              .get();
        }
      }
    } catch (ExecutionException e) {
      // Best effort: the upload's own failure is what gets reported.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deleteQuietly(String key) {
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(key)).get();
    } catch (ExecutionException e) {
      // Best effort: a staging key is hidden from list() anyway.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static BasicFileAttributes attributes(Path file) throws InvalidRequestException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new InvalidRequestException(file + " is not a regular file");
      }
      return attrs;
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read " + file + ": no such file or no access", e);
    }
  }
}
