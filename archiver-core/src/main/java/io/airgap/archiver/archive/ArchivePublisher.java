package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import io.airgap.archiver.storage.ArchiveStore;

/** Puts a finished archive into a store: the archive (checksum-verified), then its sidecar. */
public final class ArchivePublisher {
  private ArchivePublisher() {}

  /** @return the archive's location in the store */
  public static String publish(ArchiveStore store, String name, Path file, String sha256, ArchiveSidecar sidecar,
      ProgressListener progress) throws ArchiverException {
    store.put(name, file, sha256, progress);
    byte[] info = sidecar.toBytes();
    store.put(name + ArchiveSidecar.SUFFIX, new ByteArrayInputStream(info), info.length, null, ProgressListener.NONE);
    return store.location() + "/" + name;
  }
}
