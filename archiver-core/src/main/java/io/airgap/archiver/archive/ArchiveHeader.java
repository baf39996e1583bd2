package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import java.io.IOException;
import java.io.InputStream;

/**
 * An archive's id and manifest, read from its first entries only — enough to order a chain or
 * name a base without reading the whole archive. Not a verification: restore still verifies all.
 */
public record ArchiveHeader(ArchiveInput input, String archiveId, Manifest manifest) {
  private static final int MAX_HEADER_ENTRY = 64 << 20;

  public static ArchiveHeader read(ArchiveInput input) throws ArchiverException {
    String file = input.name();
    try (InputStream in = input.open(); ArchiveReader reader = ArchiveReader.open(in)) {
      ArchiveReader.Entry entry = reader.next();
      if (entry == null || !entry.name().equals(ArchiveLayout.SHA256SUMS)) {
        throw new UntrustedArchiveException(file + " is not an archive: its first entry is not SHA256SUMS");
      }
      byte[] sumsBytes = read(entry);
      Sha256Sums sums = Sha256Sums.parse(sumsBytes);
      entry = reader.next();
      if (entry != null && entry.name().equals(ArchiveLayout.SIGNATURE)) {
        entry = reader.next();
      }
      if (entry == null || !entry.name().equals(ArchiveLayout.MANIFEST)) {
        throw new UntrustedArchiveException(file + " has no manifest.json after SHA256SUMS");
      }
      byte[] manifestBytes = read(entry);
      if (!Sha256.of(manifestBytes).equals(sums.sha256Of(ArchiveLayout.MANIFEST))) {
        throw new UntrustedArchiveException("manifest.json of " + file + " does not match its SHA-256 in SHA256SUMS");
      }
      return new ArchiveHeader(input, Sha256.of(sumsBytes), ManifestCodec.read(manifestBytes));
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(ArchiveReader.Entry entry) throws UntrustedArchiveException {
    if (entry.size() > MAX_HEADER_ENTRY) {
      throw new UntrustedArchiveException(entry.name() + " is larger than 64 MiB");
    }
    try {
      return entry.content().readNBytes((int) entry.size());
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
  }
}
