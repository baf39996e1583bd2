package io.airgap.archiver.cli;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.deps.DependencyRecords;
import io.airgap.archiver.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code inspect} says about vendored dependencies: per ecosystem, files, missing ones, and where they were found. */
final class DependencySummary {
  private DependencySummary() {}

  static Map<String, Object> of(Manifest m) {
    Map<String, int[]> counts = DependencyRecords.counts(m.dependencies());
    Map<String, Set<String>> sources = DependencyRecords.sources(m.dependencies());
    Map<String, Object> out = new LinkedHashMap<>();
    counts.forEach((ecosystem, c) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("files", c[0]);
      e.put("missing", c[1]);
      e.put("found_in", List.copyOf(sources.getOrDefault(ecosystem, Set.of())));
      out.put(ecosystem, e);
    });
    return out;
  }

  static List<String> lines(Manifest m) {
    Map<String, int[]> counts = DependencyRecords.counts(m.dependencies());
    Map<String, Set<String>> sources = DependencyRecords.sources(m.dependencies());
    List<String> lines = new ArrayList<>();
    counts.forEach((ecosystem, c) -> lines.add("  " + ecosystem + ": " + Plural.of(c[0], "file")
        + (c[1] > 0 ? ", " + c[1] + " missing" : "") + ", found in " + String.join(", ", sources.get(ecosystem))));
    return lines;
  }
}
