package io.airgap.archiver.archive;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.Sha256Sums;
import java.util.HashMap;
import java.util.Map;

/**
 * The format's rules for LFS entries: each sits at {@code lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>},
 * its SHA-256 in {@code SHA256SUMS} is its oid, and {@code manifest.json}'s {@code lfs} lists exactly
 * the LFS entries present, with their sizes. Checked before the payload streams past.
 */
final class LfsEntryCheck {
  private final Map<String, Long> sizes;

  private LfsEntryCheck(Map<String, Long> sizes) {
    this.sizes = sizes;
  }

  static LfsEntryCheck of(Manifest manifest, Sha256Sums sums) throws UntrustedArchiveException {
    Map<String, Long> sizes = new HashMap<>();
    for (Manifest.LfsObject object : manifest.lfs()) {
      if (!Hex.isSha256(object.oid())) {
        throw new UntrustedArchiveException("manifest.json lists an invalid LFS oid "
            + ArchiveReader.printable(String.valueOf(object.oid())));
      }
      if (sizes.put(ArchiveLayout.lfsObjectPath(object.oid()), object.size()) != null) {
        throw new UntrustedArchiveException("manifest.json lists LFS object " + object.oid() + " twice");
      }
    }
    for (Map.Entry<String, String> entry : sums.entries().entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ArchiveLayout.LFS_OBJECTS)) {
        continue;
      }
      String oid = name.substring(name.lastIndexOf('/') + 1);
      if (!Hex.isSha256(oid) || !name.equals(ArchiveLayout.lfsObjectPath(oid))) {
        throw new UntrustedArchiveException("archive entry " + ArchiveReader.printable(name)
            + " is not an LFS object path (lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>)");
      }
      if (!entry.getValue().equals(oid)) {
        throw new UntrustedArchiveException("LFS object " + oid + " is altered: its SHA-256 in SHA256SUMS is "
            + entry.getValue() + ", not its oid");
      }
      if (!sizes.containsKey(name)) {
        throw new UntrustedArchiveException("LFS object " + oid + " is in the archive but not in manifest.json's lfs list");
      }
    }
    for (String name : sizes.keySet()) {
      if (sums.sha256Of(name) == null) {
        throw new UntrustedArchiveException("manifest.json lists LFS object " + name.substring(name.lastIndexOf('/') + 1)
            + " that the archive does not hold");
      }
    }
    return new LfsEntryCheck(sizes);
  }

  /** An LFS entry must have the size the manifest gives its object. */
  void checkSize(String name, long size) throws UntrustedArchiveException {
    Long expected = sizes.get(name);
    if (expected != null && expected != size) {
      throw new UntrustedArchiveException("LFS object " + name.substring(name.lastIndexOf('/') + 1) + " is " + size
          + " bytes but manifest.json says " + expected);
    }
  }
}
