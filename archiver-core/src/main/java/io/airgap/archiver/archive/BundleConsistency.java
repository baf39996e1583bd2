package io.airgap.archiver.archive;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.git.BundleHeader;
import io.airgap.archiver.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * repo.bundle's header must say what manifest.json says: the same refs at the same commits, a HEAD
 * that is the manifest's head, and the same prerequisites. The pack behind the header is checked
 * when it is unbundled (a ref whose objects it lacks fails there).
 */
final class BundleConsistency {
  private BundleConsistency() {}

  static void check(Manifest manifest, BundleHeader bundle) throws UntrustedArchiveException {
    if (bundle == null) {
      throw new UntrustedArchiveException("archive holds no repo.bundle");
    }
    SortedMap<String, String> bundleRefs = new TreeMap<>(bundle.refs());
    String headId = bundleRefs.remove("HEAD");
    if (!bundleRefs.equals(manifest.refs())) {
      Set<String> all = new TreeSet<>(manifest.refs().keySet());
      all.addAll(bundleRefs.keySet());
      List<String> differing = new ArrayList<>();
      for (String ref : all) {
        String inBundle = bundleRefs.get(ref);
        String inManifest = manifest.refs().get(ref);
        if (!String.valueOf(inBundle).equals(inManifest)) {
          differing.add(ref + " (bundle " + shortId(inBundle) + ", manifest " + shortId(inManifest) + ")");
        }
      }
      throw new UntrustedArchiveException("repo.bundle's refs differ from manifest.json's: "
          + String.join(", ", differing.subList(0, Math.min(10, differing.size())))
          + (differing.size() > 10 ? ", ..." : ""));
    }
    if (headId != null && manifest.head() != null && !headId.equals(manifest.refs().get(manifest.head()))) {
      throw new UntrustedArchiveException("repo.bundle's HEAD differs from manifest.json's head " + manifest.head());
    }
    Set<String> expected = new TreeSet<>(manifest.prerequisites() == null ? List.of() : manifest.prerequisites());
    for (String id : bundle.prerequisites()) {
      if (!expected.contains(id)) {
        throw new UntrustedArchiveException("repo.bundle's prerequisites differ from manifest.json's: the bundle"
            + " requires commit " + id + ", which manifest.json does not list");
      }
    }
    Set<String> required = new TreeSet<>(bundle.prerequisites());
    for (String id : expected) {
      if (!required.contains(id)) {
        throw new UntrustedArchiveException("repo.bundle's prerequisites differ from manifest.json's: manifest.json"
            + " lists commit " + id + ", which the bundle does not require");
      }
    }
  }

  private static String shortId(String id) {
    return id == null ? "none" : id.substring(0, Math.min(12, id.length()));
  }
}
