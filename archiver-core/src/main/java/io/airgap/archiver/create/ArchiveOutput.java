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
import io.airgap.archiver.internal.ExclusiveLock;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  private Path lockDir;
  private Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;
  private ArchiveEncryptor encryptor;

  public ArchiveOutput(String location, long splitSize, StoreOptions storeOptions) {
    this.location = location == null || location.isBlank() ? "." : location;
    this.splitSize = splitSize;
    this.storeOptions = storeOptions;
  }

  /** Serialises runs writing the same archive name into the same folder, through lock files in {@code dir}. */
  public ArchiveOutput locks(Path dir, Duration timeout) {
    this.lockDir = dir;
    this.lockTimeout = timeout;
    return this;
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
    prepare(ProgressListener.NONE);
  }

  /** As {@link #prepare()}, and removes what a killed earlier run left in the output folder. */
  public void prepare(ProgressListener progress) throws ArchiverException {
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
    Litter.clean(dir, progress);
  }

  /** Where archives go, as the catalog records it: an absolute folder, or a store prefix without trailing slash. */
  public String place() {
    return placeOf(location);
  }

  /** {@link #place()} of a folder or store location given as written. */
  static String placeOf(String location) {
    if (ArchiveLocations.isStore(location)) {
      return location.replaceAll("/+$", "");
    }
    Path dir = Path.of(location).toAbsolutePath().normalize();
    try {
      return dir.toRealPath().toString(); // one stick is one place, whatever link led to it
    } catch (IOException e) {
      return dir.toString();
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
    try (ExclusiveLock lock = lockDir == null ? null : lockOutput(fileName, progress)) {
      return writeLocked(fileName, workDir, manifest, signer, createdAt, payload, progress);
    }
  }

  /**
   * One lock per folder and archive name (the time stamp left out): beside the archive for a local
   * folder (so runs with different caches still meet), removed when done; in the cache for a store.
   */
  private ExclusiveLock lockOutput(String fileName, ProgressListener progress) throws ArchiverException {
    String name = fileName.replaceFirst("-(full|incremental)-\\d{8}T\\d{6}Z\\..*$", "");
    String what = "the output " + describe(fileName);
    if (isStore()) {
      String key = Sha256.of((location + "\n" + name).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
      return ExclusiveLock.acquire(lockDir.resolve("output-" + key + ".lock"), what, lockTimeout, progress);
    }
    return ExclusiveLock.acquire(Path.of(location).resolve("." + name + ".lock"), what, lockTimeout, true, progress);
  }

  private ArchiveAssembler.Written writeLocked(String fileName, Path workDir, Manifest manifest, ArchiveSigner signer,
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
          encryptor == null ? sidecar : sidecar.sealedFor(encryptor, fileName), progress);
      return new ArchiveAssembler.Written(stored, written.archiveId(), written.size(), written.sha256());
    }
  }
}
