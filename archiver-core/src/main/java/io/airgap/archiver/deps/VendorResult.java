package io.airgap.archiver.deps;

import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.archive.PayloadEntry;
import java.util.List;
import java.util.Set;

/**
 * What vendoring adds to an archive: the payload entries to write, the manifest's
 * {@code dependencies} records, and the keys of every dependency file the receiver holds once it
 * has this archive (for the catalog, so the next incremental archive can leave them out).
 */
public record VendorResult(List<PayloadEntry> payload, List<Dependency> records, Set<String> heldFiles,
    int missing) {
  public static final VendorResult EMPTY = new VendorResult(List.of(), List.of(), Set.of(), 0);

  public VendorResult {
    payload = List.copyOf(payload);
    records = List.copyOf(records);
    heldFiles = Set.copyOf(heldFiles);
  }
}
