package io.airgap.archiver.deps;

import java.util.List;

/** What one ecosystem fetched, and what it could not. */
public record Fetched(List<VendoredFile> files, List<MissingDependency> missing) {
  public Fetched {
    files = List.copyOf(files);
    missing = List.copyOf(missing);
  }
}
