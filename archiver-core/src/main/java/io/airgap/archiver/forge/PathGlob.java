package io.airgap.archiver.forge;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Matches forge paths ({@code backend/sub/worker}) against shell-like globs: {@code *} and
 * {@code ?} stay within one segment, {@code **} crosses segments.
 */
public final class PathGlob {
  private final Pattern pattern;
  private final String glob;

  private PathGlob(String glob) {
    this.glob = glob;
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.pattern = Pattern.compile(regex.toString());
  }

  public static PathGlob of(String glob) {
    return new PathGlob(glob);
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  /** True when {@code path} passes the include globs (all paths if none) and no exclude glob. */
  public static boolean selected(String path, List<String> includes, List<String> excludes) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(g -> of(g).matches(path));
    return included && excludes.stream().noneMatch(g -> of(g).matches(path));
  }

  @Override
  public String toString() {
    return glob;
  }
}
