package io.airgap.archiver.deps;

import java.util.ArrayList;
import java.util.List;

/** One dependency an ecosystem wants fetched: what names it in messages and records, and the files that declare it. */
public interface WantedDependency {
  String name();

  /** The pinned version, or null when the declaration gives none. */
  String version();

  /** Labels ({@code ref:path}) of the files that declare it, in the order they were found. */
  List<String> foundIn();

  /** {@code a}'s sources followed by those of {@code b} it lacks: the order they were found in. */
  static List<String> appendSources(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return all;
  }
}
