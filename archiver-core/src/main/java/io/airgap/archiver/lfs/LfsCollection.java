package io.airgap.archiver.lfs;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.manifest.Manifest;
import java.util.List;

/** What create's LFS step gathered: archive entries, the manifest's {@code lfs} and {@code lfs_missing} lists. */
public record LfsCollection(List<PayloadEntry> entries, List<Manifest.LfsObject> carried,
    List<Manifest.LfsObject> missing) {
  public static final LfsCollection NONE = new LfsCollection(List.of(), List.of(), List.of());

  public LfsCollection {
    entries = List.copyOf(entries);
    carried = List.copyOf(carried);
    missing = List.copyOf(missing);
  }
}
