package io.airgap.archiver.archive;

import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.InvalidRequestException;
import io.airgap.archiver.api.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.ArchiveSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
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

  public ArchiveAssembler(ProgressListener progress) {
    this.progress = progress;
  }

  /** What was written. */
  public record Written(Path file, String archiveId, long size) {}

  public Written write(Path target, Manifest manifest, ArchiveSigner signer, Instant signedAt,
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

    try (AtomicFileWriter file = AtomicFileWriter.open(target)) {
      TarGzWriter tar = new TarGzWriter(file.stream(), manifest.createdAt() == null ? signedAt
          : Instant.parse(manifest.createdAt()));
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
      long size = java.nio.file.Files.size(file.temporaryPath());
      file.commit();
      return new Written(target, Sha256.of(sumsBytes), size);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRequestException(target + " already exists; move it away or choose another --output");
    } catch (IOException e) {
      throw new OperationFailedException("could not write " + target + ": " + describe(e)
          + " (nothing was left under the final name)", e);
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    if (m != null && m.contains("No space left")) {
      return "the disk is full";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
