package io.airgap.archiver.lfs;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the LFS collection gathered: archive entries, the manifest's {@code lfs} and {@code lfs_missing}
 * lists, and where each carried object's file is (the LFS cache or a local source), for uploads.
 */
public record LfsCollection(List<PayloadEntry> entries, List<Manifest.LfsObject> carried,
    List<Manifest.LfsObject> missing, Map<String, Path> files) {
  public static final LfsCollection NONE = new LfsCollection(List.of(), List.of(), List.of(), Map.of());

  public LfsCollection {
    entries = List.copyOf(entries);
    carried = List.copyOf(carried);
    missing = List.copyOf(missing);
    files = Map.copyOf(files);
  }
}
