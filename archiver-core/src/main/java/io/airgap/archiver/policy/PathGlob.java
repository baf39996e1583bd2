package io.airgap.archiver.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A {@code deny-paths} glob with .gitignore's reading: a glob without '/' matches a file name at any
 * depth ({@code .env*}); {@code **}{@code /x} also matches {@code x} at the top. Glob and path are both
 * {@link #fold folded} first: a checkout on a case-insensitive file system, or a reader, takes
 * {@code ID_RSA}, {@code k.PEM} and a fullwidth {@code ｉｄ_ｒｓａ} for the names the glob denies.
 */
record PathGlob(String glob, PathMatcher full, PathMatcher name, PathMatcher top) {
  PathGlob(String glob) {
    this(glob, matcher(fold(glob)), glob.contains("/") ? null : matcher(fold(glob)),
        glob.startsWith("**/") ? matcher(fold(glob.substring(3))) : null);
  }

  /** @param path a repository path ('/'-separated); null (a blob a tag names directly) matches nothing */
  boolean matches(String path) {
    if (path == null || path.isEmpty()) {
      return false;
    }
    Path p = Path.of(fold(path).replace('\\', '/'));
    return full.matches(p) || name != null && p.getFileName() != null && name.matches(p.getFileName())
        || top != null && top.matches(p);
  }

  /**
   * NFKC (fullwidth and other compatibility forms to their plain letters), without format characters
   * (zero-width spaces and joiners hide nothing), in lower case after upper case (so {@code ß}, {@code ſ}
   * and the like compare as their plain letters), NFKC again for what the case mapping decomposed.
   */
  static String fold(String s) {
    String plain = Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "");
    return Normalizer.normalize(plain.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
  }

  private static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }
}
