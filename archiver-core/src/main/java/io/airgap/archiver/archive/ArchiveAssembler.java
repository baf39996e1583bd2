package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.DigestingOutputStream;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.ArchiveEncryptor;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.internal.DiskErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the final archive: {@code SHA256SUMS}, its signature and {@code manifest.json} first, then
 * the payload in the format's fixed order — to a temporary name, renamed only once complete.
 */
public final class ArchiveAssembler {
  private final ProgressListener progress;
  private ArchiveEncryptor encryptor;
  private String innerName;

  public ArchiveAssembler(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * Writes the archive as an OpenPGP message to the encryptor's recipients instead of in the clear: only the
   * encrypted bytes reach the sink. {@code archiveName} (the plain {@code .tar.gz} name) goes inside.
   */
  public ArchiveAssembler encryptTo(ArchiveEncryptor recipients, String archiveName) {
    this.encryptor = recipients;
    this.innerName = archiveName;
    return this;
  }

  /** What was written: where, its archive id, and the whole file's size and SHA-256. */
  public record Written(String location, String archiveId, long size, String sha256) {}

  /** The payload's total size, for space checks before writing. */
  public static long estimate(List<PayloadEntry> payload) {
    return payload.stream().mapToLong(PayloadEntry::size).sum();
  }

  public Written write(ArchiveSink sink, Manifest manifest, ArchiveSigner signer, Instant signedAt,
      List<PayloadEntry> payload) throws ArchiverException {
    List<PayloadEntry> ordered = new ArrayList<>(payload);
    ordered.sort(Comparator.comparing(PayloadEntry::name, ArchiveLayout.PAYLOAD_ORDER));
    byte[] manifestBytes = ManifestCodec.write(manifest);
    Sha256Sums.Builder sums = Sha256Sums.builder().add(ArchiveLayout.MANIFEST, Sha256.of(manifestBytes));
    long total = 0;
    for (PayloadEntry entry : ordered) {
      sums.add(entry.name(), entry.sha256());
      total += entry.size();
    }
    byte[] sumsBytes = sums.build().toBytes();
    byte[] signature = signer == null ? null : signer.sign(sumsBytes, signedAt);

    OutputStream body = null;
    try {
      DigestingOutputStream out = new DigestingOutputStream(sink.open());
      Instant createdAt = manifest.createdAt() == null ? signedAt : Instant.parse(manifest.createdAt());
      // Sign, then encrypt: the digest (what the sink holds) is taken below the encryption.
      body = encryptor == null ? out : encryptor.open(out, innerName, createdAt);
      TarGzWriter tar = new TarGzWriter(body, createdAt);
      tar.add(ArchiveLayout.SHA256SUMS, sumsBytes, TarGzWriter.MODE_FILE);
      if (signature != null) {
        tar.add(ArchiveLayout.SIGNATURE, signature, TarGzWriter.MODE_FILE);
      }
      tar.add(ArchiveLayout.MANIFEST, manifestBytes, TarGzWriter.MODE_FILE);
      long done = 0;
      for (PayloadEntry entry : ordered) {
        try (InputStream in = entry.opener().open()) {
          tar.add(entry.name(), entry.size(), in, entry.mode(), entry.compressible());
        }
        done += entry.size();
        progress.onEvent(new ProgressEvent.Progress("write archive", done, total, ProgressEvent.Unit.BYTES));
      }
      tar.finish();
      if (encryptor != null) {
        body.close();
      }
      out.flush();
      sink.commit();
      return new Written(sink.location(), Sha256.of(sumsBytes), out.count(), out.sha256());
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRequestException(sink.location() + " already exists; move it away or choose another --output");
    } catch (IOException e) {
      throw new OperationFailedException("could not write " + sink.location() + ": "
          + DiskErrors.describe(e, Path.of(sink.location()).toAbsolutePath().getParent())
          + " (nothing was left under the final name)", e);
    } finally {
      if (encryptor != null && body != null) {
        closeQuietly(body); // ends the encryption thread; the sink discards what it wrote
      }
      sink.abort();
    }
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // already failing, or already closed: the first error is the one reported
    }
  }
}
