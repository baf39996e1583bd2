package io.airgap.archiver.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * A {@code deny-paths} glob with .gitignore's reading: a glob without '/' matches a file name at any
 * depth ({@code .env*}); {@code **}{@code /x} also matches {@code x} at the top.
 */
record PathGlob(String glob, PathMatcher full, PathMatcher name, PathMatcher top) {
  PathGlob(String glob) {
    this(glob, matcher(glob), glob.contains("/") ? null : matcher(glob),
        glob.startsWith("**/") ? matcher(glob.substring(3)) : null);
  }

  boolean matches(String path) {
    Path p = Path.of(path);
    return full.matches(p) || name != null && name.matches(p.getFileName()) || top != null && top.matches(p);
  }

  private static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }
}
