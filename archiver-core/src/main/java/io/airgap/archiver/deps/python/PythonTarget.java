package io.airgap.archiver.deps.python;

import java.util.ArrayList;
import java.util.List;

/**
 * The Python the air-gapped side runs, as far as it is named: a version ({@code 3.11}) and wheel
 * platform tags. It decides which wheels are carried and tells pip what to resolve for
 * ({@code --python-version}, {@code --platform}, binaries only, as {@code pip download} does for
 * another interpreter).
 *
 * @param version {@code major.minor}, or null for any
 * @param platforms platform tags, empty for any
 */
record PythonTarget(String version, List<String> platforms) {
  PythonTarget {
    platforms = List.copyOf(platforms);
    if (version != null && !version.matches("[23]\\.\\d{1,2}")) {
      throw new IllegalArgumentException("--python-version must be a major.minor version such as 3.11, not '"
          + version + "'");
    }
  }

  /** Whether anything is named: then only wheels for it are carried, and pip resolves for it. */
  boolean named() {
    return version != null || !platforms.isEmpty();
  }

  /** pip's options for resolving for this target instead of the interpreter running it. */
  List<String> pipOptions() {
    List<String> out = new ArrayList<>();
    if (version != null) {
      out.addAll(List.of("--python-version", version));
    }
    platforms.forEach(p -> out.addAll(List.of("--platform", p)));
    return out;
  }

  /** Whether a wheel installs on this target: its platform and Python tags both fit. */
  boolean accepts(IndexFile wheel) {
    return (platforms.isEmpty() || wheel.wheelFor(platforms)) && (version == null || wheel.wheelForPython(version));
  }

  /** For messages and the recorded resolution, e.g. {@code Python 3.11, manylinux2014_x86_64}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (version != null) {
      parts.add("Python " + version);
    }
    parts.addAll(platforms);
    return String.join(", ", parts);
  }
}
