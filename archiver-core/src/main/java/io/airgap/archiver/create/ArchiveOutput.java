package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.archive.ArchiveAssembler;
import io.airgap.archiver.archive.ArchiveSink;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.ArchiveEncryptor;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.ArchivePublisher;
import io.airgap.archiver.archive.ArchiveSidecar;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.storage.ArchiveStores;
import io.airgap.archiver.storage.PartsIndex;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where {@code create} puts the archive: a local folder (one file, or parts with {@code --split}),
 * or a store such as {@code s3://bucket/prefix}, where it is written locally first and then
 * uploaded with its checksum verified.
 */
public final class ArchiveOutput {
  private final String location;
  private final long splitSize;
  private final StoreOptions storeOptions;
  private ArchiveEncryptor encryptor;

  public ArchiveOutput(String location, long splitSize, StoreOptions storeOptions) {
    this.location = location == null || location.isBlank() ? "." : location;
    this.splitSize = splitSize;
    this.storeOptions = storeOptions;
  }

  /** Writes every archive encrypted to these recipients (null: in the clear); file names then end in .gpg. */
  public ArchiveOutput encryptTo(ArchiveEncryptor recipients) {
    this.encryptor = recipients;
    return this;
  }

  private boolean isStore() {
    return ArchiveLocations.isStore(location);
  }

  /** Whether archives are written encrypted (their names then end in .gpg). */
  public boolean encrypted() {
    return encryptor != null;
  }

  /** Checks the destination before any work: a creatable, writable folder, or a valid store location. */
  public void prepare() throws ArchiverException {
    if (isStore()) {
      if (splitSize > 0) {
        throw new InvalidRequestException("--split applies to local folders; stores take archives of any size");
      }
      ArchiveStores.open(location, storeOptions).close();
      return;
    }
    Path dir = Path.of(location);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot create the output folder " + dir + ": " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new InvalidRequestException("the output folder " + dir + " is not writable");
    }
  }

  /** The archive's final location, as shown to people. */
  public String describe(String fileName) {
    if (isStore()) {
      return location.replaceAll("/+$", "") + "/" + fileName;
    }
    Path dir = Path.of(location);
    return (splitSize > 0 ? dir.resolve(PartsIndex.fileName(fileName)) : dir.resolve(fileName)).toString();
  }

  public ArchiveAssembler.Written write(String fileName, Path workDir, Manifest manifest, ArchiveSigner signer,
      Instant createdAt, List<PayloadEntry> payload, ProgressListener progress) throws ArchiverException {
    ArchiveAssembler assembler = new ArchiveAssembler(progress);
    if (encryptor != null) {
      assembler.encryptTo(encryptor, fileName.replaceAll("\\.gpg$", ""));
    }
    if (!isStore()) {
      Path dir = Path.of(location);
      OutputSpace.check(dir, ArchiveAssembler.estimate(payload), splitSize > 0, progress);
      ArchiveSink sink = splitSize > 0 ? ArchiveSinks.split(dir, fileName, splitSize)
          : ArchiveSinks.file(dir.resolve(fileName));
      return assembler.write(sink, manifest, signer, createdAt, payload);
    }
    try (ArchiveStore store = ArchiveStores.open(location, storeOptions)) {
      if (store.stat(fileName).isPresent()) {
        throw new InvalidRequestException(describe(fileName) + " already exists; choose another --output");
      }
      Path local = workDir.resolve(fileName);
      ArchiveAssembler.Written written = assembler.write(ArchiveSinks.file(local), manifest, signer, createdAt, payload);
      ArchiveSidecar sidecar = ArchiveSidecar.of(written.archiveId(), manifest, written.size(), written.sha256());
      String stored = ArchivePublisher.publish(store, fileName, local, written.sha256(),
          encryptor == null ? sidecar : sidecar.encrypted(encryptor.recipientKeyIds(), fileName), progress);
      return new ArchiveAssembler.Written(stored, written.archiveId(), written.size(), written.sha256());
    }
  }
}
