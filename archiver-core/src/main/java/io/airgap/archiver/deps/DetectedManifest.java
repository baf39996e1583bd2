package io.airgap.archiver.deps;

/** A file an ecosystem understands (a lock file, a pom.xml, a go.sum), found in one source tree. */
public record DetectedManifest(String ecosystem, SourceTree tree, String path) {
  /** {@code ref:path}, as shown to the operator and recorded in the manifest. */
  public String label() {
    return tree.label(path);
  }
}
